using System.Diagnostics;
using System.Globalization;
using System.Text;
using Descent.Analysis;
using Descent.Plotting;

namespace Descent.Cli;

/// <summary>
/// <c>descent landscape</c>: a 2-D slice of a trained network's loss surface (Li et al. 2018) around its checkpoint, along two
/// filter-normalised random directions or along the principal directions of the training path, as a contour plot and a CSV.
/// </summary>
public sealed class LandscapeCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "landscape";

    /// <inheritdoc/>
    public string Summary => "plot a trained model's loss surface on a plane through its weights (filter-normalised directions)";

    /// <inheritdoc/>
    public string Usage => """
        descent landscape --checkpoint DIR --data NAME [--grid 41] [--span 1.0] [--out FILE.svg] [--csv FILE.csv]
                          [--model SPEC] [--samples N] [--seed S] [--directions random|pca|line] [--biases ignore|copy]

          --checkpoint DIR     a checkpoint directory written by descent train (its newest checkpoint is the centre)
          --data SPEC          the data set the model was trained on (default: the one the checkpoint records)
          --model SPEC         the model spec, when the checkpoint does not record it (it must match when it does)
          --grid N             points per axis (default 41; 41 × 41 = 1681 loss evaluations)
          --span S             the grid covers [−S, S]² in units of the directions (default 1)
          --out FILE.svg       the contour plot (.svg or .png)
          --csv FILE.csv       the grid as CSV: alpha,beta,loss[,accuracy] (alpha,loss[,accuracy] for line)
          --samples N          training samples the loss is evaluated on: the first N (default 1024)
          --seed S             seeds the random directions (default 0)
          --directions D       random (default): two Gaussian directions, filter-normalised (Li et al. 2018);
                               pca: the top two principal directions of the run's saved checkpoints (all step-* in DIR,
                               kept with descent train --keep), with the training path drawn on the plot; the grid then
                               covers the path with a 25% margin instead of --span
                               line: the 1-D profile (1 − α)·θ_first + α·θ_last between the oldest and the newest saved
                               checkpoint, α from −0.5 to 1.5 at --grid points (Goodfellow et al. 2015)
          --biases B           ignore (default): the directions leave biases and other 1-D parameters unchanged (the
                               paper's ignore=biasbn); copy: use the parameters themselves as the direction there

        With random directions each filter (a row of a linear layer's weight, a convolution kernel) of a direction is scaled to the
        norm of the same filter of the weights, so that the plots of differently scaled networks can be compared.
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
        int grid = args.Int("grid", 41, min: 2, max: 401);
        bool spanGiven = args.Has("span");
        double span = args.Positive("span", 1.0);
        string? outPath = args.OutputFile("out", ".svg", ".png");
        string? csvPath = args.OutputFile("csv", ".csv");
        int samples = args.Int("samples", 1024, min: 1);
        ulong seed = args.UInt64("seed");
        string directions = args.Choice("directions", "random", "pca", "line");
        string biases = args.Choice("biases", "ignore", "copy");
        args.RejectUnknown();
        if (directions != "random" && spanGiven)
        {
            throw new UsageException($"--span applies to random directions; with --directions {directions} the grid follows the training path");
        }

        if (directions != "random" && args.Has("biases"))
        {
            throw new UsageException($"--biases applies to random directions; with --directions {directions} the directions come from the training path");
        }

        if (data != null)
        {
            CliSpecs.Data("data", data);
        }

        if (model != null)
        {
            CliSpecs.Model("model", model);
        }

        var steps = directions != "random" ? CheckpointModel.StepDirectories(directory) : [];
        int needed = directions == "pca" ? 3 : 2;
        if (directions != "random" && steps.Count < needed)
        {
            throw new UsageException($"--directions {directions} needs at least {needed} saved checkpoints (step-*) in {directory}, found {steps.Count}; train with --checkpoint DIR --keep N (N ≥ {needed})");
        }

        var setup = CheckpointModel.Load(directory, data, model, samples);
        if (directions == "line")
        {
            output.Write(Line(setup, steps, grid, outPath, csvPath));
            return 0;
        }

        var loss = setup.Loss;
        var theta = loss.GetParameters();
        var clock = Stopwatch.StartNew();
        LandscapeSurface surface;
        PlaneProjection? path = null;
        string xLabel, yLabel, how;
        if (directions == "random")
        {
            var rng = new Rng(seed);
            var oneD = biases == "ignore" ? OneDimensionalParameters.Ignore : OneDimensionalParameters.CopyWeights;
            var d1 = Directions.FilterNormalized(loss.Layout, rng, oneD);
            var d2 = Directions.FilterNormalized(loss.Layout, rng, oneD);
            surface = LossLandscape.Surface(loss, theta, d1, d2, grid, span);
            xLabel = "α (random direction 1, filter-normalised)";
            yLabel = "β (random direction 2, filter-normalised)";
            how = "two filter-normalised random directions";
        }
        else
        {
            var snapshots = new List<double[]>();
            foreach (var step in steps)
            {
                try
                {
                    setup.Model.LoadStateDict(LoadStep(step).Model);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException($"--checkpoint: {step} does not fit {setup.ModelSpecText}: {e.Message.Split('\n')[0]}");
                }

                snapshots.Add(loss.Layout.Read());
            }

            loss.SetParameters(theta);

            // Li et al. take the final point as the origin and leave it out of the PCA; the newest step is normally the centre.
            path = snapshots[^1].AsSpan().SequenceEqual(theta) ? PathProjection.Pca(snapshots) : PathProjection.Pca(snapshots, theta);
            var (x0, x1, y0, y1) = path.Bounds();
            surface = LossLandscape.Surface(loss, theta, path.Direction1, path.Direction2, x0, x1, y0, y1, grid, grid);
            xLabel = path.AxisLabel(1);
            yLabel = path.AxisLabel(2);
            how = string.Create(CultureInfo.InvariantCulture, $"the top two principal directions of {steps.Count} checkpoints");
        }

        double seconds = clock.Elapsed.TotalSeconds;
        if (csvPath != null)
        {
            OutputFiles.WriteText(csvPath, Csv(surface));
        }

        if (outPath != null)
        {
            Plot(surface, setup, xLabel, yLabel, how, path).Save(outPath);
        }

        var (centre, centreAccuracy) = loss.Evaluate(theta);
        var (min, minAlpha, minBeta) = surface.Minimum();
        double max = surface.Loss.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("model       ").Append(setup.Describe()).Append('\n');
        sb.Append("data        ").Append(setup.DataSpec).Append(", the first ").Append(loss.Samples.ToString(inv)).Append(" training samples\n");
        sb.Append("plane       ").Append(how).Append('\n');
        sb.Append(string.Create(inv, $"grid        {grid} × {grid}, α ∈ [{R(surface.Alpha[0])}, {R(surface.Alpha[^1])}], β ∈ [{R(surface.Beta[0])}, {R(surface.Beta[^1])}] ({seconds:0.0} s)\n"));
        sb.Append("centre      loss ").Append(R(centre)).Append(double.IsNaN(centreAccuracy) ? "" : "   accuracy " + R(centreAccuracy)).Append('\n');
        sb.Append("grid min    loss ").Append(R(min)).Append(" at (").Append(R(minAlpha)).Append(", ").Append(R(minBeta)).Append(")\n");
        sb.Append("grid max    loss ").Append(R(max)).Append('\n');
        if (outPath == null && csvPath == null)
        {
            sb.Append("(give --out FILE.svg or --csv FILE.csv to keep the surface)\n");
        }

        output.Write(sb.ToString());
        return 0;
    }

    private static string Line(CheckpointModel setup, IReadOnlyList<string> steps, int points, string? outPath, string? csvPath)
    {
        var loss = setup.Loss;
        var theta = loss.GetParameters();
        double[] Weights(string step)
        {
            try
            {
                setup.Model.LoadStateDict(LoadStep(step).Model);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--checkpoint: {step} does not fit {setup.ModelSpecText}: {e.Message.Split('\n')[0]}");
            }

            return loss.Layout.Read();
        }

        var first = Weights(steps[0]);
        var last = Weights(steps[^1]);
        loss.SetParameters(theta);
        var clock = Stopwatch.StartNew();
        var line = LossLandscape.Interpolate(loss, first, last, points);
        double seconds = clock.Elapsed.TotalSeconds;
        string from = Path.GetFileName(steps[0]), to = Path.GetFileName(steps[^1]);
        if (csvPath != null)
        {
            var csv = new StringBuilder(line.Accuracy != null ? "alpha,loss,accuracy\n" : "alpha,loss\n");
            for (int i = 0; i < line.Alpha.Length; i++)
            {
                csv.Append(R(line.Alpha[i])).Append(',').Append(R(line.Loss[i]));
                if (line.Accuracy != null)
                {
                    csv.Append(',').Append(R(line.Accuracy[i]));
                }

                csv.Append('\n');
            }

            OutputFiles.WriteText(csvPath, csv.ToString());
        }

        if (outPath != null)
        {
            var chart = new LineChart
            {
                Title = $"Training loss of {setup.ModelSpecText} along the line from {from} to {to}",
                XLabel = $"α (0: {from}, 1: {to})",
                YLabel = "training loss",
                LogY = line.Loss.All(v => v > 0),
                Legend = LegendPosition.None,
            };
            chart.Add("training loss", line.Alpha, line.Loss);
            chart.AddVerticalLine(0, from);
            chart.AddVerticalLine(1, to);
            chart.Save(outPath);
        }

        int best = Array.IndexOf(line.Loss, line.Loss.Min());
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("model       ").Append(setup.Describe()).Append('\n');
        sb.Append("data        ").Append(setup.DataSpec).Append(", the first ").Append(loss.Samples.ToString(inv)).Append(" training samples\n");
        sb.Append(string.Create(inv, $"line        (1 − α)·{from} + α·{to}, {points} points, α ∈ [{R(line.Alpha[0])}, {R(line.Alpha[^1])}] ({seconds:0.0} s)\n"));
        sb.Append("α = 0       loss ").Append(R(line.Loss[Array.IndexOf(line.Alpha, 0.0) is int z and >= 0 ? z : 0])).Append('\n');
        sb.Append("α = 1       loss ").Append(R(line.Loss[Array.IndexOf(line.Alpha, 1.0) is int o and >= 0 ? o : line.Loss.Length - 1])).Append('\n');
        sb.Append("line min    loss ").Append(R(line.Loss[best])).Append(" at α = ").Append(R(line.Alpha[best])).Append('\n');
        return sb.ToString();
    }

    /// <summary>The grid as CSV: <c>alpha,beta,loss[,accuracy]</c>, α varying fastest, numbers shortest round-trip.</summary>
    public static string Csv(LandscapeSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var sb = new StringBuilder(surface.Accuracy != null ? "alpha,beta,loss,accuracy\n" : "alpha,beta,loss\n");
        for (int j = 0; j < surface.Beta.Length; j++)
        {
            for (int i = 0; i < surface.Alpha.Length; i++)
            {
                sb.Append(R(surface.Alpha[i])).Append(',').Append(R(surface.Beta[j])).Append(',').Append(R(surface.Loss[j, i]));
                if (surface.Accuracy != null)
                {
                    sb.Append(',').Append(R(surface.Accuracy[j, i]));
                }

                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static Descent.Training.CheckpointData LoadStep(string step)
    {
        try
        {
            return Descent.Training.Checkpoint.Load(step);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--checkpoint: " + e.Message.Split('\n')[0]);
        }
    }

    private static ContourPlot Plot(LandscapeSurface s, CheckpointModel setup, string xLabel, string yLabel, string how, PlaneProjection? path)
    {
        var plot = new ContourPlot(s.Loss, s.Alpha[0], s.Alpha[^1], s.Beta[0], s.Beta[^1])
        {
            Title = $"Training loss of {setup.ModelSpecText} on {setup.DataSpec} around the checkpoint ({how})",
            XLabel = xLabel,
            YLabel = yLabel,
            ColorBarLabel = "training loss",
        };
        if (path != null)
        {
            plot.AddTrajectory("training path (checkpoints)", path.X, path.Y);
        }

        plot.AddMinimum(0, 0, "checkpoint");
        return plot;
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
