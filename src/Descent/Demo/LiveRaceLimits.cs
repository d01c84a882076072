namespace Descent.Demo;

/// <summary>
/// The bounds a <see cref="LiveTrainingRace"/> enforces on what it is asked to do, so that a race started from a web page cannot
/// exhaust the machine: how many optimizers, epochs, samples, parameters and seconds.
/// </summary>
/// <remarks>Every bound is checked before any data is loaded or any model is built; a value outside one is an
/// <see cref="ArgumentException"/> that names the value and the bound.</remarks>
public sealed record LiveRaceLimits
{
    /// <summary>The default limits: 2 to 4 optimizers, 500 epochs, 120 seconds, 5000 samples, 250 000 parameters.</summary>
    public static LiveRaceLimits Default { get; } = new();

    /// <summary>The fewest optimizers a race takes.</summary>
    public int MinOptimizers { get; init; } = 2;

    /// <summary>The most optimizers a race takes.</summary>
    public int MaxOptimizers { get; init; } = 4;

    /// <summary>The most epochs per optimizer.</summary>
    public int MaxEpochs { get; init; } = 500;

    /// <summary>The longest wall-clock time limit a race may ask for, in seconds.</summary>
    public double MaxSeconds { get; init; } = 120;

    /// <summary>The most samples a data set may have (training and validation together; <c>n</c> for image sets).</summary>
    public int MaxSamples { get; init; } = 5000;

    /// <summary>The most input features per sample (784 admits 28×28 images).</summary>
    public int MaxFeatures { get; init; } = 784;

    /// <summary>The most classes (spiral arms, blob centres).</summary>
    public int MaxClasses { get; init; } = 10;

    /// <summary>The most trainable parameters of the model.</summary>
    public long MaxParameters { get; init; } = 250_000;

    /// <summary>The largest batch size.</summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>The longest pause between rounds, in milliseconds.</summary>
    public int MaxPaceMilliseconds { get; init; } = 2000;

    /// <summary>The longest data set, model or optimizer spec, in characters.</summary>
    public int MaxSpecLength { get; init; } = 200;

    /// <summary>The data sets a race may load: built-in synthetic sets and the installed image sets, never files named by the caller.</summary>
    public IReadOnlyList<string> DataSets { get; init; } = ["moons", "circles", "spirals", "blobs", "xor", "linear", "fashion-mnist", "mnist"];
}
