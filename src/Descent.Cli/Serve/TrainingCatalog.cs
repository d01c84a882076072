using System.Globalization;
using Descent.Data;
using Descent.Demo;
using Descent.Optim;

namespace Descent.Cli.Serve;

/// <summary>
/// What the training tab offers (<c>GET /api/train/options</c>): the data set presets with their shapes and suggested models,
/// the optimizers with their hyperparameters, suggested optimizer specs, the defaults and the limits.
/// </summary>
public static class TrainingCatalog
{
    /// <summary>The optimizer specs the tab suggests (each must be valid; a test checks).</summary>
    public static IReadOnlyList<string> SuggestedOptimizers { get; } =
        ["sgd:lr=0.1", "sgd:lr=0.05,momentum=0.9", "nesterov:lr=0.05,gamma=0.9", "adagrad:lr=0.1", "rmsprop:lr=0.005", "adam:lr=0.01", "adamw:lr=0.01,weight_decay=0.01", "nadam:lr=0.01", "lion:lr=0.001"];

    /// <summary>The optimizers a new race starts with.</summary>
    public static IReadOnlyList<string> DefaultOptimizers { get; } = ["sgd:lr=0.1", "sgd:lr=0.05,momentum=0.9", "adam:lr=0.01"];

    private static readonly (string Spec, string Label)[] Presets =
    [
        ("moons:n=1000,noise=0.2", "moons: two half circles, 2 classes"),
        ("circles:n=1000,noise=0.1", "circles: two rings, 2 classes"),
        ("spirals:n=900,classes=3", "spirals: 3 arms, 3 classes"),
        ("xor:n=1000,noise=0.1", "xor: 4 quadrants, 2 classes"),
        ("blobs:n=1000,centers=4,std=2", "blobs: 4 clusters, 4 classes"),
        ("linear:n=1000,noise=0.3", "linear: y = 2x − 1 + noise (regression)"),
        ("fashion-mnist:n=3000,standardize=global", "Fashion-MNIST: 3000 clothing images, 10 classes"),
        ("mnist:n=3000,standardize=global", "MNIST: 3000 digits, 10 classes"),
    ];

    private static readonly Lazy<IReadOnlyList<TrainingDataPreset>> DataPresets = new(LoadPresets);

    /// <summary>The whole catalog.</summary>
    public static TrainingCatalogResponse Get()
    {
        var limits = LiveRaceLimits.Default;
        var defaults = new LiveRaceSettings { Data = DataPresets.Value[0].Spec, Model = DataPresets.Value[0].Models[1], Optimizers = DefaultOptimizers };
        return new TrainingCatalogResponse(
            DataPresets.Value,
            OptimizerRegistry.All.Select(o => new TrainingOptimizerEntry(
                o.Name, o.Summary, o.Hyperparameters.Select(h => new TrainingHyperparameterEntry(h.Name, h.DefaultText, h.Description)).ToArray())).ToArray(),
            SuggestedOptimizers,
            new TrainingRequest
            {
                Data = defaults.Data,
                Model = defaults.Model,
                Optimizers = [.. defaults.Optimizers],
                Epochs = defaults.Epochs,
                BatchSize = defaults.BatchSize,
                Seed = defaults.Seed,
                TimeLimitSeconds = defaults.TimeLimitSeconds,
                PaceMilliseconds = 100,
            },
            new TrainingLimitsEntry(limits.MinOptimizers, limits.MaxOptimizers, limits.MaxEpochs, limits.MaxSeconds, limits.MaxSamples, limits.MaxFeatures,
                limits.MaxParameters, limits.MaxBatchSize, limits.MaxPaceMilliseconds, TrainingRuns.DefaultMaxActive));
    }

    /// <summary>Model specs that fit <paramref name="features"/> inputs and <paramref name="outputs"/> outputs, smallest first.</summary>
    public static IReadOnlyList<string> ModelsFor(int features, int outputs, bool classification, bool images)
    {
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var models = new List<string> { classification ? "softmax" : "linear" };
        if (images)
        {
            models.Add(F($"mlp:{features}-64-{outputs}"));
            models.Add(F($"mlp:{features}-128-64-{outputs}"));
            models.Add("cnn:lenet");
        }
        else
        {
            models.Add(F($"mlp:{features}-32-32-{outputs}"));
            models.Add(F($"mlp:{features}-16-{outputs}"));
            models.Add(F($"mlp:{features}-64-64-{outputs},activation=tanh"));
        }

        return models;
    }

    private static List<TrainingDataPreset> LoadPresets()
    {
        var presets = new List<TrainingDataPreset>();
        foreach (var (spec, label) in Presets)
        {
            var name = DatasetSpec.Parse(spec).Name;
            bool images = name is MnistDatasets.FashionMnistName or MnistDatasets.MnistName;
            if (images)
            {
                // Loading an image set takes a second; its shape is known, and only its presence needs checking here.
                bool available = DataDirectories.For(name).Any(d =>
                    File.Exists(Path.Combine(d, "train-images-idx3-ubyte")) || File.Exists(Path.Combine(d, "train-images-idx3-ubyte.gz")));
                presets.Add(new TrainingDataPreset(name, spec, label, 784, 10, 10, available, ModelsFor(784, 10, true, true),
                    available ? null : $"not installed (apt-get install dataset-{name}, or put its IDX files in ~/.descent/data/{name})"));
                continue;
            }

            var data = Datasets.Load(spec);
            int features = data.Train.SampleShape.Numel;
            int classes = data.Train.ClassCount;
            int outputs = classes > 0 ? classes : Math.Max(1, data.Train.TargetShape.Numel);
            presets.Add(new TrainingDataPreset(name, spec, label, features, outputs, classes, true, ModelsFor(features, outputs, classes > 0, false), null));
        }

        return presets;
    }
}

/// <summary>The answer of <c>GET /api/train/options</c>.</summary>
/// <param name="DataSets">The data set presets.</param>
/// <param name="Optimizers">Every optimizer with its hyperparameters.</param>
/// <param name="SuggestedOptimizers">Ready-made optimizer specs.</param>
/// <param name="Defaults">A complete request the page starts from.</param>
/// <param name="Limits">The bounds the server enforces.</param>
public sealed record TrainingCatalogResponse(
    IReadOnlyList<TrainingDataPreset> DataSets,
    IReadOnlyList<TrainingOptimizerEntry> Optimizers,
    IReadOnlyList<string> SuggestedOptimizers,
    TrainingRequest Defaults,
    TrainingLimitsEntry Limits);

/// <summary>One data set preset.</summary>
/// <param name="Name">The data set's name.</param>
/// <param name="Spec">The spec to load it with.</param>
/// <param name="Label">A short description for a menu.</param>
/// <param name="Features">Input features per sample.</param>
/// <param name="Outputs">Model outputs: classes, or targets for regression.</param>
/// <param name="Classes">Classes, or 0 for regression.</param>
/// <param name="Available">Whether it can be loaded here (image sets must be installed).</param>
/// <param name="Models">Model specs that fit it.</param>
/// <param name="Missing">Why it is unavailable and how to fix that, or null.</param>
public sealed record TrainingDataPreset(string Name, string Spec, string Label, int Features, int Outputs, int Classes, bool Available, IReadOnlyList<string> Models, string? Missing);

/// <summary>One optimizer in the catalog.</summary>
/// <param name="Name">Its spec name.</param>
/// <param name="Summary">One line.</param>
/// <param name="Hyperparameters">Its keys with defaults.</param>
public sealed record TrainingOptimizerEntry(string Name, string Summary, IReadOnlyList<TrainingHyperparameterEntry> Hyperparameters);

/// <summary>One hyperparameter of an optimizer.</summary>
/// <param name="Name">The spec key.</param>
/// <param name="Default">The default, as text.</param>
/// <param name="Description">What it does.</param>
public sealed record TrainingHyperparameterEntry(string Name, string Default, string Description);

/// <summary>The bounds of <see cref="LiveRaceLimits"/> and the number of concurrent runs, for the page to show and respect.</summary>
/// <param name="MinOptimizers">Fewest optimizers.</param>
/// <param name="MaxOptimizers">Most optimizers.</param>
/// <param name="MaxEpochs">Most epochs.</param>
/// <param name="MaxSeconds">Longest time limit.</param>
/// <param name="MaxSamples">Most samples.</param>
/// <param name="MaxFeatures">Most features per sample.</param>
/// <param name="MaxParameters">Most model parameters.</param>
/// <param name="MaxBatchSize">Largest batch.</param>
/// <param name="MaxPaceMilliseconds">Longest pause per round.</param>
/// <param name="MaxConcurrentRuns">Most runs at once on this server.</param>
public sealed record TrainingLimitsEntry(
    int MinOptimizers, int MaxOptimizers, int MaxEpochs, double MaxSeconds, int MaxSamples, int MaxFeatures, long MaxParameters, int MaxBatchSize,
    int MaxPaceMilliseconds, int MaxConcurrentRuns);
