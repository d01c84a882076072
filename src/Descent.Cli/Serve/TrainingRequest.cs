using Descent.Demo;

namespace Descent.Cli.Serve;

/// <summary>
/// The body of <c>POST /api/train</c>: what to train. Only <see cref="Data"/>, <see cref="Model"/> and <see cref="Optimizers"/> are
/// required; the rest default as in <see cref="LiveRaceSettings"/>. Unknown members are rejected (400).
/// </summary>
public sealed record TrainingRequest
{
    /// <summary>A data set spec such as <c>moons:n=1000,noise=0.2</c> (built-in sets only).</summary>
    public string? Data { get; init; }

    /// <summary>A model spec such as <c>mlp:2-32-32-2</c>.</summary>
    public string? Model { get; init; }

    /// <summary>Two to four optimizer specs.</summary>
    public IReadOnlyList<string?>? Optimizers { get; init; }

    /// <summary>Epochs per optimizer (default 30).</summary>
    public int? Epochs { get; init; }

    /// <summary>Samples per update (default 32).</summary>
    public int? BatchSize { get; init; }

    /// <summary>The seed of the initial weights, the shuffling and the validation split (default 0).</summary>
    public ulong? Seed { get; init; }

    /// <summary>The wall-clock budget in seconds (default 60).</summary>
    public double? TimeLimitSeconds { get; init; }

    /// <summary>A pause after every round of epochs, in milliseconds (default 0).</summary>
    public int? PaceMilliseconds { get; init; }

    /// <summary>The race settings this request asks for (bounds are checked by <see cref="LiveTrainingRace.Create"/>).</summary>
    /// <exception cref="ArgumentException">A required member is missing or an optimizer is null.</exception>
    public LiveRaceSettings ToSettings()
    {
        var defaults = new LiveRaceSettings { Data = "", Model = "", Optimizers = [] };
        var optimizers = Optimizers ?? throw new ArgumentException("request body: optimizers is required: a list of 2 to 4 specs such as [\"sgd:lr=0.1\", \"adam:lr=0.01\"]");
        return new LiveRaceSettings
        {
            Data = Required(Data, "data", "a data set such as \"moons:n=1000,noise=0.2\""),
            Model = Required(Model, "model", "a model such as \"mlp:2-32-32-2\""),
            Optimizers = optimizers.Select((o, i) => o ?? throw new ArgumentException($"request body: optimizers[{i}] is null; give a spec such as \"adam:lr=0.01\"")).ToArray(),
            Epochs = Epochs ?? defaults.Epochs,
            BatchSize = BatchSize ?? defaults.BatchSize,
            Seed = Seed ?? defaults.Seed,
            TimeLimitSeconds = TimeLimitSeconds ?? defaults.TimeLimitSeconds,
            PaceMilliseconds = PaceMilliseconds ?? defaults.PaceMilliseconds,
        };
    }

    private static string Required(string? value, string name, string example) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"request body: {name} is required: {example}") : value;
}
