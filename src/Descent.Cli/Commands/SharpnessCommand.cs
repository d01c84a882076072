using System.Diagnostics;
using System.Globalization;
using System.Text;
using Descent.Analysis;
using Descent.Plotting;

namespace Descent.Cli;

/// <summary>
/// <c>descent sharpness</c>: the top eigenvalues of a trained network's Hessian (Lanczos on Hessian-vector products), and
/// optionally its trace (Hutchinson) and eigenvalue density (stochastic Lanczos quadrature), as PyHessian computes them.
/// </summary>
public sealed class SharpnessCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "sharpness";

    /// <inheritdoc/>
    public string Summary => "top Hessian eigenvalues (and trace, density) of a trained model's loss, without forming the Hessian";

    /// <inheritdoc/>
    public string Usage => """
        descent sharpness --checkpoint DIR --data NAME [--top 5] [--trace] [--model SPEC] [--samples N] [--seed S]
                          [--trace-samples N] [--density FILE.svg] [--tol T] [--max-steps N] [--format text|json]

          --checkpoint DIR    a checkpoint directory written by descent train (its newest checkpoint is used)
          --data SPEC         the data set the model was trained on (default: the one the checkpoint records)
          --model SPEC        the model spec, when the checkpoint does not record it (it must match when it does)
          --top K             how many of the largest eigenvalues to estimate (default 5)
          --trace             also estimate the trace by Hutchinson's method (Rademacher probes)
          --trace-samples N   probes for --trace (default 100)
          --density FILE.svg  also estimate the eigenvalue density by stochastic Lanczos quadrature and plot it (.svg or .png)
          --samples N         training samples the loss is evaluated on: the first N (default 2048)
          --seed S            seeds the Lanczos start vector and the probes (default 0)
          --tol T             relative residual at which a Lanczos eigenpair counts as converged (default 1e-4)
          --max-steps N       Lanczos steps at most (default max(100, 3·top))
          --format F          text (default) or json

        The Hessian is that of the mean training loss over the evaluation samples at the checkpoint's weights, in evaluation mode.
        Only Hessian-vector products are used (each costs about two gradient evaluations); the matrix is never formed.
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string directory = args.Required("checkpoint", "a checkpoint directory written by descent train");
        OutputFiles.CheckDirectory("checkpoint", directory, mustExist: true);
        string? data = args.String("data", TrainingSetup.DataHelp);
        string? model = args.String("model", TrainingSetup.ModelHelp);
        int top = args.Int("top", 5, min: 1, max: 1000);
        bool trace = args.Flag("trace");
        int traceSamples = args.Int("trace-samples", 100, min: 1, max: 100_000);
        string? densityPath = args.OutputFile("density", ".svg", ".png");
        int samples = args.Int("samples", 2048, min: 1);
        ulong seed = args.UInt64("seed");
        double tol = args.Positive("tol", 1e-4);
        int? maxSteps = args.OptionalInt("max-steps", min: 1, max: 100_000);
        string format = args.Choice("format", "text", "json");
        args.RejectUnknown();
        if (maxSteps is int m && m < top)
        {
            throw new UsageException($"--max-steps: {m} steps cannot find --top {top} eigenvalues; give at least {top}");
        }

        if (!args.Has("trace") && args.Has("trace-samples"))
        {
            throw new UsageException("--trace-samples needs --trace");
        }

        if (data != null)
        {
            CliSpecs.Data("data", data);
        }

        if (model != null)
        {
            CliSpecs.Model("model", model);
        }

        var setup = CheckpointModel.Load(directory, data, model, samples);
        var loss = setup.Loss;
        if (top > loss.Dimension)
        {
            throw new UsageException($"--top: the model has only {loss.Dimension} parameters");
        }

        var theta = loss.GetParameters();
        var (value, accuracy) = loss.Evaluate(theta);
        var op = loss.HessianAt(theta);
        var clock = Stopwatch.StartNew();
        var eig = HessianSpectrum.TopEigenvalues(op, top, SpectrumEnd.Largest, maxSteps, tol, seed);
        double eigSeconds = clock.Elapsed.TotalSeconds;
        TraceEstimate? traceEstimate = null;
        double traceSeconds = 0;
        if (trace)
        {
            clock.Restart();
            traceEstimate = HessianSpectrum.Trace(op, traceSamples, seed);
            traceSeconds = clock.Elapsed.TotalSeconds;
        }

        SpectralDensity? density = null;
        if (densityPath != null)
        {
            density = HessianSpectrum.Density(op, runs: 1, steps: Math.Min(100, loss.Dimension), seed: seed);
            DensityChart(density, setup).Save(densityPath);
        }

        if (!eig.Converged)
        {
            err.WriteLine($"descent sharpness: warning: Lanczos stopped after {eig.Steps} steps before every residual reached --tol {R(tol)}; the residuals bound the error");
        }

        output.Write(format == "json"
            ? Json(setup, value, accuracy, eig, eigSeconds, traceEstimate, traceSeconds)
            : Text(setup, value, accuracy, eig, eigSeconds, traceEstimate, traceSeconds, densityPath));
        return 0;
    }

    private static string Text(CheckpointModel setup, double loss, double accuracy, EigenvalueEstimates eig, double eigSeconds, TraceEstimate? trace, double traceSeconds, string? densityPath)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append("model       ").Append(setup.Describe()).Append('\n');
        sb.Append("data        ").Append(setup.DataSpec).Append(", the first ").Append(setup.Loss.Samples.ToString(inv)).Append(" training samples\n");
        sb.Append("loss        ").Append(R(loss));
        if (!double.IsNaN(accuracy))
        {
            sb.Append("   accuracy ").Append(R(accuracy));
        }

        sb.Append('\n');
        sb.Append(string.Create(inv, $"top {eig.Values.Length} Hessian eigenvalues (Lanczos, {eig.Steps} Hessian-vector products, {eigSeconds:0.0} s):\n"));
        for (int i = 0; i < eig.Values.Length; i++)
        {
            sb.Append(string.Create(inv, $"  λ{i + 1} = {R(eig.Values[i])}   residual {eig.Residuals[i]:0.##e0}\n"));
        }

        if (trace != null)
        {
            sb.Append(string.Create(inv, $"trace       {R(trace.Mean)} ± {R(trace.StandardError)} (Hutchinson, {trace.Samples.Length} probes, {traceSeconds:0.0} s)\n"));
        }

        if (densityPath != null)
        {
            sb.Append("density     ").Append(densityPath).Append('\n');
        }

        return sb.ToString();
    }

    private static string Json(CheckpointModel setup, double loss, double accuracy, EigenvalueEstimates eig, double eigSeconds, TraceEstimate? trace, double traceSeconds)
    {
        var o = new System.Text.Json.Nodes.JsonObject
        {
            ["model"] = setup.ModelSpecText,
            ["data"] = setup.DataSpec,
            ["checkpoint"] = setup.Checkpoint.Path,
            ["parameters"] = setup.Loss.Dimension,
            ["samples"] = setup.Loss.Samples,
            ["loss"] = loss,
            ["accuracy"] = double.IsNaN(accuracy) ? null : accuracy,
            ["top_eigenvalues"] = new System.Text.Json.Nodes.JsonArray(eig.Values.Select(v => (System.Text.Json.Nodes.JsonNode?)v).ToArray()),
            ["residuals"] = new System.Text.Json.Nodes.JsonArray(eig.Residuals.Select(v => (System.Text.Json.Nodes.JsonNode?)v).ToArray()),
            ["lanczos_steps"] = eig.Steps,
            ["converged"] = eig.Converged,
            ["eigenvalue_seconds"] = eigSeconds,
        };
        if (trace != null)
        {
            o["trace"] = trace.Mean;
            o["trace_standard_error"] = trace.StandardError;
            o["trace_samples"] = trace.Samples.Length;
            o["trace_seconds"] = traceSeconds;
        }

        return o.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static LineChart DensityChart(SpectralDensity density, CheckpointModel setup)
    {
        var chart = new LineChart
        {
            Title = $"Hessian eigenvalue density of {setup.ModelSpecText} (stochastic Lanczos quadrature)",
            XLabel = "eigenvalue λ",
            YLabel = "density (log scale)",
            LogY = true,
            Legend = LegendPosition.None,
        };

        // The density spans many decades (a spike at 0, a thin tail of outliers); clip the floor so the log axis stays readable.
        double peak = density.Density.Max();
        var y = density.Density.Select(d => Math.Max(d, peak * 1e-9)).ToArray();
        chart.Add("density", density.Grid, y);
        return chart;
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
