using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Descent.Analysis;
using Descent.Plotting;

namespace Descent.Cli;

/// <summary>
/// <c>descent study batch-size</c>: small- versus large-batch training side by side (lecture 000's table, Keskar et al. 2017):
/// accuracy, final loss and sharpness (the top Hessian eigenvalue) per batch size, with plots and an HTML report.
/// </summary>
public sealed class StudyCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "study";

    /// <inheritdoc/>
    public string Summary => "run a study: batch-size (small vs large batches: accuracy, loss and sharpness side by side)";

    /// <inheritdoc/>
    public string Usage => """
        descent study batch-size --data NAME --model SPEC --optimizer SPEC --batch-sizes 64;4096 [--epochs N] [--out DIR]
                                 [--seed S] [--top K] [--trace-samples N] [--hessian-samples N] [--snapshots N] [--path-grid N]

          --data SPEC           a classification data set with a test split, e.g. fashion-mnist:n=10000 (10k training images)
          --model SPEC          e.g. mlp:784-128-10
          --optimizer SPEC      the same optimizer for every batch size, e.g. adam:lr=0.001 (the rate is not rescaled)
          --batch-sizes LIST    batch sizes separated by ';' or ',' (quote the ';' in a shell: "64;4096")
          --epochs N            epochs per run, the same for every batch size (default 5)
          --out DIR             write results.csv, results.json, loss.svg, accuracy.svg, sharpness.svg, interpolation.svg,
                                paths.svg and report.html there (created if missing), and each run's snapshots as
                                checkpoints in DIR/checkpoints/batch-B (for descent sharpness and descent landscape)
          --seed S              the initial weights (identical for every run) and the shuffling (default 0)
          --top K               Hessian eigenvalues to estimate per run (default 3)
          --trace-samples N     also estimate the Hessian's trace with N Hutchinson probes (default 0: skip)
          --hessian-samples N   training samples the Hessian is measured on: the first N (default 2048)
          --snapshots N         weight snapshots per run, evenly spaced, for the path plot and checkpoints (default 20)
          --path-grid N         points per axis of each run's loss surface on the plane of its training path, spanned by
                                the path's top two principal directions (default 21; 0 skips it)

        Every run starts from the same weights and trains for the same number of epochs, so a larger batch takes fewer steps.
        Sharpness is the largest eigenvalue of the training loss's Hessian at the final weights (Lanczos on Hessian-vector
        products). The interpolation plot is the loss along the line through the smallest- and the largest-batch solutions
        (Keskar et al., Figure 3).
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        if (args.Positionals.Count == 0)
        {
            throw new UsageException("expected a study name: descent study batch-size ...");
        }

        string study = args.Positionals[0];
        args.Positionals.RemoveAt(0);
        if (study != "batch-size")
        {
            var s = Suggest.Closest(study, ["batch-size"]);
            throw new UsageException($"unknown study \"{study}\"" + (s != null ? $"; did you mean \"{s}\"? Studies: " : "; studies: ") + "batch-size");
        }

        string data = args.Required("data", "a classification data set with a test split, such as fashion-mnist:n=10000");
        string model = args.Required("model", "a model spec such as mlp:784-128-10");
        string optimizer = args.Required("optimizer", "an optimizer spec such as adam:lr=0.001");
        var batchSizes = BatchSizes(args.Required("batch-sizes", "batch sizes such as \"64;4096\""));
        int epochs = args.Int("epochs", 5, min: 1, max: 100_000);
        string? outDir = args.OutputDirectory("out");
        ulong seed = args.UInt64("seed");
        int top = args.Int("top", 3, min: 1, max: 100);
        int traceSamples = args.Int("trace-samples", 0, min: 0, max: 100_000);
        int hessianSamples = args.Int("hessian-samples", 2048, min: 1);
        int snapshots = args.Int("snapshots", 20, min: 2, max: 1000);
        int pathGrid = args.Int("path-grid", 21, min: 0, max: 201);
        args.RejectUnknown();
        if (pathGrid == 1)
        {
            throw new UsageException("--path-grid: expected 0 (skip) or at least 2 points per axis, got \"1\"");
        }

        CliSpecs.Data("data", data);
        CliSpecs.Model("model", model);
        CliSpecs.Optimizer("optimizer", optimizer);

        var options = new BatchSizeStudyOptions
        {
            Data = data,
            Model = model,
            Optimizer = optimizer,
            BatchSizes = batchSizes,
            Epochs = epochs,
            Seed = seed,
            TopEigenvalues = top,
            TraceSamples = traceSamples,
            HessianSamples = hessianSamples,
            Snapshots = snapshots,
            PathLandscapeGrid = pathGrid,
            CheckpointDirectory = outDir == null ? null : Path.Combine(outDir, "checkpoints"),
            Log = line => err.WriteLine("descent study: " + line),
        };
        // The directory is created by the first checkpoint, so a study that fails its checks leaves nothing behind.
        var result = BatchSizeStudy.Run(options);
        output.Write(Table(result));
        if (outDir != null)
        {
            Write(result, outDir, CommandLine(data, model, optimizer, batchSizes, epochs, seed, top, traceSamples, hessianSamples, snapshots, pathGrid, outDir));
            output.WriteLine($"wrote {Path.Combine(outDir, "report.html")}");
        }

        return 0;
    }

    /// <summary>The side-by-side table printed to standard output.</summary>
    public static string Table(BatchSizeStudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        bool trace = result.Runs.Any(r => r.Trace != null);
        var header = new List<string> { "batch size", "steps", "train loss", "train acc", "test loss", "test acc", "top eigenvalue" };
        if (trace)
        {
            header.Add("trace");
        }

        var rows = result.Runs.Select(r => Row(r, trace)).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(row => row[i].Length))).ToArray();
        var sb = new StringBuilder();
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"{result.Options.Model} ({result.Parameters} parameters) on {result.Options.Data} ({result.TrainSamples} train, {result.TestSamples} test), {result.Options.Optimizer}, {result.Options.Epochs} epochs, seed {result.Options.Seed}\n"));
        sb.Append(string.Join("  ", header.Select((h, i) => h.PadLeft(widths[i])))).Append('\n');
        foreach (var row in rows)
        {
            sb.Append(string.Join("  ", row.Select((c, i) => c.PadLeft(widths[i])))).Append('\n');
        }

        return sb.ToString();
    }

    private static List<string> Row(BatchSizeRun r, bool trace)
    {
        var inv = CultureInfo.InvariantCulture;
        var row = new List<string>
        {
            r.BatchSize.ToString(inv),
            r.Steps.ToString(inv),
            r.TrainLoss.ToString("0.0000", inv),
            r.TrainAccuracy.ToString("0.0000", inv),
            r.TestLoss.ToString("0.0000", inv),
            r.TestAccuracy.ToString("0.0000", inv),
            r.Sharpness[0].ToString("0.0000", inv),
        };
        if (trace)
        {
            row.Add(r.Trace != null ? r.Trace.Mean.ToString("0.00", inv) : "");
        }

        return row;
    }

    private static List<int> BatchSizes(string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split([';', ','], StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b < 1)
            {
                throw new UsageException($"--batch-sizes: expected positive integers separated by ';' such as \"64;4096\", got \"{text}\" (\"{part}\" is not one)");
            }

            if (sizes.Contains(b))
            {
                throw new UsageException($"--batch-sizes: {b} is given twice");
            }

            sizes.Add(b);
        }

        return sizes;
    }

    private static string CommandLine(string data, string model, string optimizer, List<int> sizes, int epochs, ulong seed, int top, int trace, int hessian, int snapshots, int pathGrid, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(string.Create(inv,
            $"descent study batch-size --data {data} --model {model} --optimizer {optimizer} --batch-sizes \"{string.Join(';', sizes)}\" --epochs {epochs}"));
        if (seed != 0)
        {
            sb.Append(string.Create(inv, $" --seed {seed}"));
        }

        if (top != 3)
        {
            sb.Append(string.Create(inv, $" --top {top}"));
        }

        if (trace > 0)
        {
            sb.Append(string.Create(inv, $" --trace-samples {trace}"));
        }

        if (hessian != 2048)
        {
            sb.Append(string.Create(inv, $" --hessian-samples {hessian}"));
        }

        if (snapshots != 20)
        {
            sb.Append(string.Create(inv, $" --snapshots {snapshots}"));
        }

        if (pathGrid != 21)
        {
            sb.Append(string.Create(inv, $" --path-grid {pathGrid}"));
        }

        return sb.Append(" --out ").Append(outDir).ToString();
    }

    private static void Write(BatchSizeStudyResult result, string dir, string command)
    {
        Directory.CreateDirectory(dir);
        var inv = CultureInfo.InvariantCulture;
        var runs = result.Runs;

        var csv = new StringBuilder("batch_size,steps,train_loss,train_accuracy,test_loss,test_accuracy,top_eigenvalue,trace,train_seconds,hessian_seconds\n");
        foreach (var r in runs)
        {
            csv.Append(string.Join(',',
                r.BatchSize.ToString(inv), r.Steps.ToString(inv), R(r.TrainLoss), R(r.TrainAccuracy), R(r.TestLoss), R(r.TestAccuracy),
                R(r.Sharpness[0]), r.Trace != null ? R(r.Trace.Mean) : "", R(r.TrainSeconds), R(r.HessianSeconds))).Append('\n');
        }

        OutputFiles.WriteText(Path.Combine(dir, "results.csv"), csv.ToString());
        OutputFiles.WriteText(Path.Combine(dir, "results.json"), Json(result, command));

        var loss = new LineChart { Title = "Training loss per step (mini-batch loss)", XLabel = "epoch", YLabel = "cross-entropy", LogY = true };
        foreach (var r in runs)
        {
            double perEpoch = (double)r.Steps / result.Options.Epochs;
            loss.Add($"batch {r.BatchSize}", r.StepLosses.Select((_, i) => (i + 1) / perEpoch).ToArray(), r.StepLosses);
        }

        var accuracy = new LineChart { Title = "Test accuracy after each epoch", XLabel = "epoch", YLabel = "test accuracy" };
        foreach (var r in runs)
        {
            accuracy.Add($"batch {r.BatchSize}", r.EpochTestAccuracy.Select((_, i) => (double)(i + 1)).ToArray(), r.EpochTestAccuracy);
        }

        var sharpness = new BarChart(runs.Select(r => $"batch {r.BatchSize}").ToArray())
        {
            Title = "Sharpness: top eigenvalues of the training loss's Hessian at the final weights",
            YLabel = "eigenvalue",
            ShowValues = true,
        };
        int k = runs.Min(r => r.Sharpness.Length);
        for (int i = 0; i < k; i++)
        {
            sharpness.Add($"λ{i + 1}", runs.Select(r => r.Sharpness[i]).ToArray());
        }

        loss.Save(Path.Combine(dir, "loss.svg"));
        accuracy.Save(Path.Combine(dir, "accuracy.svg"));
        sharpness.Save(Path.Combine(dir, "sharpness.svg"));
        LineChart? interpolation = null;
        if (result.Interpolation is { } line && result.InterpolationTest is { } lineTest)
        {
            int small = runs.Min(r => r.BatchSize), large = runs.Max(r => r.BatchSize);
            interpolation = new LineChart
            {
                Title = $"Loss along (1 − α)·θ(batch {small}) + α·θ(batch {large})",
                XLabel = $"α (0: batch {small} solution, 1: batch {large} solution)",
                YLabel = "cross-entropy",
                LogY = line.Loss.Concat(lineTest.Loss).All(v => v > 0),
            };
            interpolation.Add("training loss", line.Alpha, line.Loss);
            interpolation.Add("test loss", lineTest.Alpha, lineTest.Loss);
            interpolation.AddVerticalLine(0, $"batch {small}");
            interpolation.AddVerticalLine(1, $"batch {large}");
            interpolation.Save(Path.Combine(dir, "interpolation.svg"));
        }

        SmallMultiples? paths = null;
        if (runs.Any(r => r.PathLandscape != null))
        {
            paths = new SmallMultiples(Math.Min(3, runs.Count(r => r.PathLandscape != null)))
            {
                Title = "Each run's training path on the loss surface of its own PCA plane (Li et al. 2018, §7)",
            };
            foreach (var r in runs.Where(r => r.PathLandscape != null && r.Path != null))
            {
                var s = r.PathLandscape!;
                var contour = new ContourPlot(s.Loss, s.Alpha[0], s.Alpha[^1], s.Beta[0], s.Beta[^1])
                {
                    Title = $"batch {r.BatchSize}",
                    XLabel = r.Path!.AxisLabel(1),
                    YLabel = r.Path.AxisLabel(2),
                    ColorBarLabel = "training loss",
                };
                contour.AddTrajectory("path", r.Path.X, r.Path.Y);
                contour.AddMinimum(0, 0, "final");
                paths.Add(contour);
            }

            paths.Save(Path.Combine(dir, "paths.svg"));
        }

        var report = new HtmlReport("Small- versus large-batch training")
        {
            Intro = string.Create(inv,
                $"{result.Options.Model} ({result.Parameters} parameters) trained on {result.Options.Data} ({result.TrainSamples} training and {result.TestSamples} test samples) with {result.Options.Optimizer} for {result.Options.Epochs} epochs at each batch size, from the same initial weights (seed {result.Options.Seed}). ") +
                string.Create(inv,
                $"Sharpness is the largest eigenvalue of the Hessian of the training loss at the final weights, measured on the first {result.Options.HessianSamples} training samples by Lanczos iteration on exact Hessian-vector products (Keskar et al. 2017 ask the same question with a box-constrained loss increase)."),
            Footer = "descent " + (typeof(StudyCommand).Assembly.GetName().Version?.ToString(3) ?? ""),
        };
        var header = new List<string> { "batch size", "steps", "train loss", "train accuracy", "test loss", "test accuracy", "top eigenvalue" };
        bool trace = runs.Any(r => r.Trace != null);
        if (trace)
        {
            header.Add("trace");
        }

        report.AddSection("Results")
            .AddTable(header, runs.Select(r =>
            {
                var row = Row(r, trace);
                return (IReadOnlyList<string>)row;
            }))
            .AddFigure(sharpness, "The top Hessian eigenvalues per batch size (larger = sharper minimum).");
        report.AddSection("Training").AddFigure(loss, "Mini-batch loss at every step, against epochs.").AddFigure(accuracy);
        if (interpolation != null)
        {
            report.AddSection("Between the two solutions").AddFigure(interpolation,
                "A sharp minimum shows as a narrow, steep valley around its end of the line.");
        }

        if (paths != null)
        {
            report.AddSection("Training paths").AddFigure(paths,
                "The loss on the plane spanned by the top two principal directions of each run's weight snapshots; the axes say how much of the path's variance each direction explains. Each run has its own plane, so compare shapes, not coordinates.");
        }

        report.AddSection("How to reproduce").AddCode(command).AddParagraph(
            "Each run's snapshots are saved as checkpoints under `checkpoints/batch-B`; `descent sharpness --checkpoint DIR/checkpoints/batch-B` and `descent landscape --checkpoint DIR/checkpoints/batch-B --directions pca` analyse them further.");
        report.Save(Path.Combine(dir, "report.html"));
    }

    private static string Json(BatchSizeStudyResult result, string command)
    {
        var runs = new JsonArray();
        foreach (var r in result.Runs)
        {
            runs.Add(new JsonObject
            {
                ["batch_size"] = r.BatchSize,
                ["steps"] = r.Steps,
                ["train_loss"] = r.TrainLoss,
                ["train_accuracy"] = r.TrainAccuracy,
                ["test_loss"] = r.TestLoss,
                ["test_accuracy"] = r.TestAccuracy,
                ["top_eigenvalues"] = new JsonArray(r.Sharpness.Select(v => (JsonNode?)v).ToArray()),
                ["eigenvalue_residuals"] = new JsonArray(r.SharpnessResiduals.Select(v => (JsonNode?)v).ToArray()),
                ["trace"] = r.Trace?.Mean,
                ["trace_standard_error"] = r.Trace?.StandardError,
                ["epoch_test_accuracy"] = new JsonArray(r.EpochTestAccuracy.Select(v => (JsonNode?)v).ToArray()),
                ["train_seconds"] = r.TrainSeconds,
                ["hessian_seconds"] = r.HessianSeconds,
            });
        }

        var o = new JsonObject
        {
            ["command"] = command,
            ["data"] = result.Options.Data,
            ["model"] = result.Options.Model,
            ["optimizer"] = result.Options.Optimizer,
            ["epochs"] = result.Options.Epochs,
            ["seed"] = result.Options.Seed,
            ["parameters"] = result.Parameters,
            ["train_samples"] = result.TrainSamples,
            ["test_samples"] = result.TestSamples,
            ["hessian_samples"] = result.Options.HessianSamples,
            ["runs"] = runs,
        };
        return o.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
