namespace Descent.Demo;

/// <summary>What a <see cref="LiveTrainingRace"/> trains: a data set, a model, the optimizers and how long.</summary>
public sealed record LiveRaceSettings
{
    /// <summary>A data set spec for <see cref="Data.Datasets.Load"/>, such as <c>moons:n=1000,noise=0.2</c> or <c>fashion-mnist:n=2000</c>.</summary>
    public required string Data { get; init; }

    /// <summary>A model spec for <see cref="NN.ModelSpec.Build"/>, such as <c>mlp:2-32-32-2</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The optimizer specs, one per run, such as <c>sgd:lr=0.1</c> and <c>adam:lr=0.01</c>.</summary>
    public required IReadOnlyList<string> Optimizers { get; init; }

    /// <summary>Epochs per optimizer.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Samples per update.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seeds the initial weights (the same for every optimizer), the shuffling and the validation split.</summary>
    public ulong Seed { get; init; }

    /// <summary>The wall-clock budget of the race in seconds; when it runs out the race ends after the current update.</summary>
    public double TimeLimitSeconds { get; init; } = 60;

    /// <summary>A pause after every round (one epoch of every optimizer), in milliseconds, so that a fast race can be watched.</summary>
    public int PaceMilliseconds { get; init; }
}
