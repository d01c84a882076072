namespace Descent.Schedules;

/// <summary>A named schedule of the spec registry: its keys, formula and origin (see <see cref="ScheduleRegistry"/>).</summary>
public sealed class ScheduleDefinition
{
    private readonly Func<ScheduleArguments, Schedule>? _factory;

    internal ScheduleDefinition(
        string name,
        string summary,
        string formula,
        string reference,
        string example,
        IReadOnlyList<ScheduleKey> keys,
        Func<ScheduleArguments, Schedule>? factory)
    {
        Name = name;
        Summary = summary;
        Formula = formula;
        Reference = reference;
        Example = example;
        _factory = factory;
        Keys = factory != null ? [.. keys, ScheduleRegistry.WarmupKey] : keys;
    }

    /// <summary>The name used in specs (<c>cosine</c>).</summary>
    public string Name { get; }

    /// <summary>One line saying what it does.</summary>
    public string Summary { get; }

    /// <summary>The formula in plain text (<c>v_k</c> is the value after k steps, <c>base</c> the starting value).</summary>
    public string Formula { get; }

    /// <summary>The implementation it reproduces (<c>PyTorch CosineAnnealingLR</c>).</summary>
    public string Reference { get; }

    /// <summary>A complete example spec.</summary>
    public string Example { get; }

    /// <summary>The accepted keys, including <c>warmup</c> for step-driven schedules.</summary>
    public IReadOnlyList<ScheduleKey> Keys { get; }

    /// <summary>Whether the schedule reacts to a metric (plateau) rather than to the step count; such a schedule cannot be previewed
    /// with <see cref="Schedule.Simulate"/> and is built with <see cref="ScheduleRegistry.CreatePlateauOptions(string)"/>.</summary>
    public bool IsMetricDriven => _factory == null;

    internal Schedule Create(ScheduleArguments arguments) =>
        _factory != null ? _factory(arguments) : throw new InvalidOperationException($"{Name} is metric-driven");
}
