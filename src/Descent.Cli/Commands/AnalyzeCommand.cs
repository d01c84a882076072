using System.Globalization;
using System.Text;
using Descent.Analysis;
using Descent.Functions;

namespace Descent.Cli;

/// <summary>
/// <c>descent analyze</c>: the second-derivative test at a point (lecture 001) — value, gradient, Hessian, its eigenvalues and
/// eigenvectors, and whether the point is a minimum, a maximum, a saddle, degenerate, or not critical.
/// </summary>
public sealed class AnalyzeCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "analyze";

    /// <inheritdoc/>
    public string Summary => "classify a point of a function: gradient, Hessian, eigenvalues, minimum/maximum/saddle";

    /// <inheritdoc/>
    public string Usage => """
        descent analyze --function F --point=X0,X1,... [--tol 1e-6] [--format json|text]

          --function F     a named test function (descent functions) or an expression in x, y, z, x0..x99
          --point=...      the point, comma-separated (write --point=-1,2 when the first number is negative); functions of
                           any dimension (quadratic, rosenbrock, rastrigin, ackley) take their dimension from it
          --tol T          ‖∇f‖ above T is not critical; an eigenvalue with |λ| ≤ T counts as zero (default 1e-6)
          --format         json (default) or text

        The gradient is exact (autograd) and the Hessian exact (double backward). The verdict:
          not-critical  ‖∇f‖ > tol
          minimum       every eigenvalue > tol
          maximum       every eigenvalue < −tol
          saddle        eigenvalues of both signs
          degenerate    some eigenvalue is zero (|λ| ≤ tol) and none of the opposite sign: the test decides nothing

        JSON keys: point, value, gradient, gradient_norm, hessian (rows), eigenvalues (ascending), eigenvectors (one unit row
        per eigenvalue, largest-magnitude component positive), kind. Numbers are shortest round-trip.
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string function = args.Required("function", "a named function such as product-saddle, or an expression such as \"x^2 - y^2\"");
        var point = args.Numbers("point") ?? throw new UsageException("--point is required (comma-separated coordinates such as --point=0,0)");
        double tol = args.Double("tol", CriticalPoints.DefaultTolerance, min: 0);
        string format = args.Choice("format", "json", "text");
        args.RejectUnknown();
        var objective = CliSpecs.Function("function", function, point.Length);
        if (point.Length != objective.Dimension)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--point: {objective.Name} takes {objective.Dimension} coordinate{(objective.Dimension == 1 ? "" : "s")}, got {point.Length} (\"{string.Join(',', point.Select(R))}\")"));
        }

        if (point.Length > Hessians.MaxDenseDimension)
        {
            throw new UsageException($"--point: {point.Length} coordinates is too many for a dense Hessian (at most {Hessians.MaxDenseDimension})");
        }

        var analysis = CriticalPoints.Analyze(objective, point, tol);
        output.Write(format == "json" ? ToJson(analysis) : ToText(objective, analysis));
        return 0;
    }

    /// <summary>The JSON contract of <c>descent analyze</c>.</summary>
    public static string ToJson(CriticalPointAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var sb = new StringBuilder("{\n");
        sb.Append("  \"point\": ").Append(Array(analysis.Point)).Append(",\n");
        sb.Append("  \"value\": ").Append(R(analysis.Value)).Append(",\n");
        sb.Append("  \"gradient\": ").Append(Array(analysis.Gradient)).Append(",\n");
        sb.Append("  \"gradient_norm\": ").Append(R(analysis.GradientNorm)).Append(",\n");
        sb.Append("  \"hessian\": ").Append(Rows(Matrix(analysis.Hessian))).Append(",\n");
        sb.Append("  \"eigenvalues\": ").Append(Array(analysis.Eigenvalues)).Append(",\n");
        sb.Append("  \"eigenvectors\": ").Append(Rows(analysis.Eigenvectors)).Append(",\n");
        sb.Append("  \"kind\": \"").Append(analysis.Kind.ToText()).Append("\"\n}\n");
        return sb.ToString();
    }

    /// <summary>The analysis laid out for a person, ending with the sentence that explains the verdict.</summary>
    public static string ToText(IObjective objective, CriticalPointAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(analysis);
        var sb = new StringBuilder();
        string title = objective.Formula == objective.Name ? objective.Name : $"{objective.Name}: {objective.Formula}";
        sb.Append("function       ").Append(title).Append('\n');
        sb.Append("point          ").Append(Tuple(analysis.Point)).Append('\n');
        sb.Append("value          ").Append(R(analysis.Value)).Append('\n');
        sb.Append("gradient       ").Append(Tuple(analysis.Gradient)).Append("   ‖∇f‖ = ").Append(R(analysis.GradientNorm)).Append('\n');
        var rows = Matrix(analysis.Hessian);
        var cells = rows.Select(r => r.Select(R).ToArray()).ToArray();
        int width = cells.SelectMany(c => c).Max(c => c.Length);
        for (int i = 0; i < cells.Length; i++)
        {
            sb.Append(i == 0 ? "Hessian        " : "               ")
                .Append("[ ").Append(string.Join("  ", cells[i].Select(c => c.PadLeft(width)))).Append(" ]\n");
        }

        sb.Append("eigenvalues    ").Append(string.Join(", ", analysis.Eigenvalues.Select(R))).Append('\n');
        var labels = analysis.Eigenvalues.Select(l => "λ = " + R(l) + ":").ToArray();
        int labelWidth = labels.Max(l => l.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            sb.Append(i == 0 ? "eigenvectors   " : "               ").Append(labels[i].PadRight(labelWidth)).Append(' ')
                .Append(Tuple(analysis.Eigenvectors[i])).Append('\n');
        }

        sb.Append("verdict        ").Append(analysis.Kind.ToText()).Append(" (tolerance ").Append(R(analysis.Tolerance)).Append(")\n");
        sb.Append('\n').Append(analysis.Explanation).Append('\n');
        return sb.ToString();
    }

    private static double[][] Matrix(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();

    private static string Rows(IEnumerable<double[]> rows) => "[" + string.Join(", ", rows.Select(Array)) + "]";

    private static string Array(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(R)) + "]";

    private static string Tuple(IEnumerable<double> values) => "(" + string.Join(", ", values.Select(R)) + ")";

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
