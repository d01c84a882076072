using System.Globalization;
using System.Text;
using Descent.Plotting;
using Descent.Training;

namespace Descent.Cli;

/// <summary>
/// <c>descent lr-find</c>: the learning-rate range test (<see cref="LrFinder"/>) on a data set and model: an exponential sweep, the
/// smoothed loss curve as CSV and chart, and the suggested rates.
/// </summary>
public sealed class LrFindCommand : ICommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <inheritdoc/>
    public string Name => "lr-find";

    /// <inheritdoc/>
    public string Summary => "find a learning rate: exponential sweep, smoothed loss curve, suggested rates";

    /// <inheritdoc/>
    public string Usage =>
        """
        descent lr-find --data SPEC --model SPEC --optimizer SPEC [--batch-size N|full] [--seed S] [--val-split F]
                        [--start-lr X] [--end-lr X] [--steps N] [--smoothing B] [--out FILE.csv] [--plot FILE.svg|FILE.png]

          Trains for --steps batches while the learning rate grows exponentially from --start-lr (default 1e-7) to --end-lr
          (default 10), smooths the loss with a bias-corrected moving average (--smoothing, default 0.98), stops early when the
          smoothed loss passes 4 times its minimum, and suggests two rates:
            steepest  where the smoothed loss falls fastest (per decade of learning rate), before its minimum
            min/10    a tenth of the rate at the minimum of the smoothed loss
          The model and optimizer are set up exactly as by 'descent train' with the same options (the optimizer's lr is replaced
          during the sweep), and are left untouched: the sweep runs on snapshots that are restored afterwards.

          --out FILE.csv   write step,lr,loss,smoothed_loss
          --plot FILE      draw the curve (log-scale learning rate) with the suggestions marked, as SVG or PNG
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var setup = TrainingSetup.Parse(args, withSchedule: false);
        var defaults = new LrFinderOptions();
        double startLr = args.Positive("start-lr", defaults.StartLr);
        double endLr = args.Positive("end-lr", defaults.EndLr);
        int steps = args.Int("steps", defaults.Steps, min: 2, max: 1_000_000);
        double smoothing = args.Double("smoothing", defaults.Smoothing, min: 0, max: 0.999999);
        string? outPath = args.OutputFile("out", ".csv");
        string? plotPath = args.OutputFile("plot", ".svg", ".png");
        args.RejectUnknown();
        if (endLr <= startLr)
        {
            throw new UsageException(string.Create(Inv, $"--end-lr ({endLr:R}) must be larger than --start-lr ({startLr:R})"));
        }

        setup.CheckSpecs();
        var built = setup.Build(epochs: 1, accumulation: 1);
        var options = new LrFinderOptions { StartLr = startLr, EndLr = endLr, Steps = steps, Smoothing = smoothing };
        var result = LrFinder.Run(built.Model, built.Optimizer, built.Loader, options);
        if (result.LearningRates.Count == 0)
        {
            err.WriteLine($"descent lr-find: the sweep produced no point ({result.StopReason}); lower --start-lr");
            return 1;
        }

        if (outPath != null)
        {
            var csv = new StringBuilder("step,lr,loss,smoothed_loss\n");
            for (int i = 0; i < result.LearningRates.Count; i++)
            {
                csv.Append(string.Create(Inv, $"{i},{result.LearningRates[i]:R},{result.Losses[i]:R},{result.SmoothedLosses[i]:R}\n"));
            }

            OutputFiles.WriteText(outPath, csv.ToString());
        }

        if (plotPath != null)
        {
            Chart(setup, result).Save(plotPath);
        }

        output.WriteLine(string.Create(Inv,
            $"lr-find: {result.LearningRates.Count} steps from {startLr:G4} to {result.LearningRates[^1]:G4} on {setup.Data} (batch {setup.BatchSizeText}); {result.StopReason}"));
        output.WriteLine("suggested learning rates:");
        foreach (var s in result.Suggestions)
        {
            output.WriteLine(string.Create(Inv, $"  {s.Name,-9} {s.LearningRate,-10:G4} {s.Rationale}"));
        }

        return 0;
    }

    private static LineChart Chart(TrainingSetup setup, LrFinderResult result)
    {
        var chart = new LineChart
        {
            Title = $"learning-rate sweep: {setup.Model}, {setup.Optimizer} on {setup.Data}",
            XLabel = "learning rate",
            YLabel = "loss",
            LogX = true,
        };
        chart.Add("loss", result.LearningRates, result.Losses).Color = new Color(0xBB, 0xBB, 0xBB);
        chart.Add("smoothed loss", result.LearningRates, result.SmoothedLosses).Color = Palette.Blue;
        MarkerShape[] shapes = [MarkerShape.Circle, MarkerShape.Diamond];
        Color[] colors = [Palette.Vermillion, Palette.BluishGreen];
        for (int i = 0; i < result.Suggestions.Count; i++)
        {
            // Marked on the smoothed curve at the suggested rate (min/10 sits left of the point it comes from).
            var s = result.Suggestions[i];
            double y = Interpolate(result.LearningRates, result.SmoothedLosses, s.LearningRate);
            var marker = chart.Add(string.Create(Inv, $"{s.Name}: {s.LearningRate:G3}"), [s.LearningRate], [y]);
            marker.Marker = shapes[i % shapes.Length];
            marker.MarkerSize = 9;
            marker.Color = colors[i % colors.Length];
            chart.AddVerticalLine(s.LearningRate, null, colors[i % colors.Length]);
        }

        // The blown-up tail would squash the interesting part of the curve.
        double low = result.SmoothedLosses.Min(), first = result.SmoothedLosses[0];
        chart.YMax = first + ((first - low) * 0.5) + 1e-12;
        return chart;
    }

    /// <summary>The curve's value at <paramref name="x"/>, linear in log x between the sweep points.</summary>
    private static double Interpolate(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double x)
    {
        if (x <= xs[0])
        {
            return ys[0];
        }

        for (int i = 1; i < xs.Count; i++)
        {
            if (x <= xs[i])
            {
                double t = Math.Log(x / xs[i - 1]) / Math.Log(xs[i] / xs[i - 1]);
                return ys[i - 1] + (t * (ys[i] - ys[i - 1]));
            }
        }

        return ys[^1];
    }
}
