using Descent.Plotting;
using Descent.Training;

namespace Descent.Cli;

/// <summary>The training curves of <c>descent train --plot</c>: loss per epoch, and accuracy per epoch for classification.</summary>
internal static class TrainingPlot
{
    public static Chart Create(string title, IReadOnlyList<EpochMetrics> history, bool validationIsTest)
    {
        double[] epochs = history.Select(e => (double)e.Epoch).ToArray();
        string held = validationIsTest ? "test" : "validation";
        var loss = new LineChart { Title = "loss", XLabel = "epoch", YLabel = "mean loss" };
        AddIfAny(loss, "train", epochs, history.Select(e => (double?)e.TrainLoss).ToArray(), Palette.Blue);
        AddIfAny(loss, held, epochs, history.Select(e => e.ValidationLoss).ToArray(), Palette.Vermillion);
        if (!validationIsTest)
        {
            AddIfAny(loss, "test", epochs, history.Select(e => e.TestLoss).ToArray(), Palette.BluishGreen);
        }

        if (history.All(e => e.TrainAccuracy == null))
        {
            loss.Title = title;
            return loss;
        }

        var accuracy = new LineChart { Title = "accuracy", XLabel = "epoch", YLabel = "fraction correct" };
        AddIfAny(accuracy, "train", epochs, history.Select(e => e.TrainAccuracy).ToArray(), Palette.Blue);
        AddIfAny(accuracy, held, epochs, history.Select(e => e.ValidationAccuracy).ToArray(), Palette.Vermillion);
        if (!validationIsTest)
        {
            AddIfAny(accuracy, "test", epochs, history.Select(e => e.TestAccuracy).ToArray(), Palette.BluishGreen);
        }

        var both = new SmallMultiples(columns: 2) { Title = title };
        both.Add(loss);
        both.Add(accuracy);
        return both;
    }

    /// <summary>Adds the epochs that have a value (validation may be evaluated only every few epochs).</summary>
    private static void AddIfAny(LineChart chart, string name, double[] epochs, double?[] values, Color color)
    {
        var points = epochs.Zip(values).Where(p => p.Second is { } v && double.IsFinite(v)).ToArray();
        if (points.Length > 0)
        {
            var series = chart.Add(name, points.Select(p => p.First).ToArray(), points.Select(p => p.Second!.Value).ToArray());
            series.Color = color;
            if (points.Length < 30)
            {
                series.Marker = MarkerShape.Circle;
            }
        }
    }
}
