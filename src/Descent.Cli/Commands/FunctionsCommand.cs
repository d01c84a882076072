using System.Globalization;
using System.Text;
using Descent.Functions;

namespace Descent.Cli;

/// <summary>
/// <c>descent functions</c>: lists the named test functions (formula, start, minima) and the expression grammar; with
/// <c>--function</c>, describes one function or expression and shows its value, gradient and Hessian at a point.
/// </summary>
public sealed class FunctionsCommand : ICommand
{
    private const string Grammar =
        "Grammar: numbers (3, .5, 1e-3), variables x y z (= x0 x1 x2) and x0..x99, constants pi e, operators + - * / ^ " +
        "(^ is right-associative and binds tighter than a sign: -x^2 = -(x^2)), functions sin cos tan exp log sqrt abs tanh sigmoid; " +
        "write 2*x, not 2x.";

    /// <inheritdoc/>
    public string Name => "functions";

    /// <inheritdoc/>
    public string Summary => "list the named test functions and the expression grammar for --function";

    /// <inheritdoc/>
    public string Usage =>
        "descent functions [--function NAME|EXPRESSION [--dimension N] [--at X,Y,...]]\n" +
        "\n" +
        "Without options, lists every named test function with its formula, default start, minima and plot range.\n" +
        "  --function F   describe one function: a name (rosenbrock) or an expression (\"(1 - x*y)^2\")\n" +
        "  --dimension N  the dimension, for functions defined in any dimension (quadratic, rosenbrock, rastrigin, ackley)\n" +
        "                 or to read an expression as a function of more coordinates\n" +
        "  --at X,Y,...   the point at which to show the value, gradient and Hessian (default: the start point;\n" +
        "                 use --at=-1,2 when the first number is negative)\n" +
        "\n" +
        Grammar;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var function = args.String("function", "a named function such as rosenbrock, or an expression such as \"(1 - x*y)^2\"");
        int? dimension = args.OptionalInt("dimension", min: 1);
        var at = args.Numbers("at");
        args.RejectUnknown();
        if (function == null)
        {
            if (dimension != null || at != null)
            {
                throw new UsageException($"--{(dimension != null ? "dimension" : "at")} needs --function");
            }

            PrintList(output);
            return 0;
        }

        var objective = CliSpecs.Check("function", () => Objectives.Resolve(function, dimension));
        if (at != null && at.Length != objective.Dimension)
        {
            throw new UsageException(
                $"--at: expected {objective.Dimension} coordinate{(objective.Dimension == 1 ? "" : "s")} for {objective.Name}, got {at.Length}");
        }

        PrintDetails(output, objective, at ?? [.. objective.DefaultStart]);
        return 0;
    }

    private static void PrintList(TextWriter output)
    {
        output.WriteLine("Named test functions (descent ... --function NAME):");
        output.WriteLine();
        foreach (var name in TestFunctions.Names)
        {
            var f = TestFunctions.Get(name);
            output.WriteLine($"  {f.Name,-15} {f.Formula}");
            output.WriteLine($"  {"",-15} {f.Description}");
            var facts = new StringBuilder()
                .Append(f.AnyDimension ? $"any dimension (default {f.Dimension})" : $"{f.Dimension}-D")
                .Append("; start ").Append(Point(f.DefaultStart))
                .Append("; minimum ").Append(Minima(f));
            output.WriteLine($"  {"",-15} {facts}");
            output.WriteLine();
        }

        output.WriteLine("Any expression is accepted too, e.g. --function \"(1 - x*y)^2\" (quote it for the shell).");
        output.WriteLine(Grammar);
        output.WriteLine("Describe one with: descent functions --function F [--dimension N] [--at X,Y,...]");
    }

    private static void PrintDetails(TextWriter output, IObjective f, double[] point)
    {
        output.WriteLine(f is TestFunction t ? t.ToString() : f.Name);
        output.WriteLine($"  formula     {f.Formula}");
        output.WriteLine($"  about       {f.Description}");
        output.WriteLine($"  dimension   {f.Dimension}" + (f is TestFunction { AnyDimension: true } ? " (any, with --dimension)" : ""));
        output.WriteLine($"  start       {Point(f.DefaultStart)}");
        output.WriteLine($"  minimum     {Minima(f)}");
        if (f.PlotRange is { } range)
        {
            output.WriteLine($"  plot range  {range}");
        }

        var (value, gradient) = f.ValueAndGradient(point);
        output.WriteLine($"  at          {Point(point)}");
        output.WriteLine($"  f           {Number(value)}");
        output.WriteLine($"  gradient    {Point(gradient)}");
        if (f.Dimension <= 6)
        {
            var h = f.Hessian(point);
            var rows = Enumerable.Range(0, h.GetLength(0)).Select(i => Point(Enumerable.Range(0, h.GetLength(1)).Select(j => h[i, j]).ToArray()));
            output.WriteLine($"  Hessian     [{string.Join(", ", rows)}]");
        }
    }

    private static string Minima(IObjective f)
    {
        if (f.MinimumValue is not double min)
        {
            return f is TestFunction ? "none (unbounded below)" : "unknown";
        }

        var where = f.KnownMinima.Select(Point).ToArray();
        return Number(min) + (where.Length > 0 ? $" at {string.Join(", ", where)}" : "");
    }

    private static string Point(IReadOnlyList<double> p) =>
        p.Count > 8 ? $"({string.Join(", ", p.Take(6).Select(Number))}, … {p.Count} coordinates)" : $"({string.Join(", ", p.Select(Number))})";

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
