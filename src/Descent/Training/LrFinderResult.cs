namespace Descent.Training;

/// <summary>The curve of a learning-rate sweep and the rates suggested from it.</summary>
public sealed record LrFinderResult
{
    /// <summary>The rate of each step of the sweep.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [];

    /// <summary>The loss of each step's batch, before that step's update.</summary>
    public IReadOnlyList<double> Losses { get; init; } = [];

    /// <summary>The bias-corrected exponential moving average of <see cref="Losses"/>.</summary>
    public IReadOnlyList<double> SmoothedLosses { get; init; } = [];

    /// <summary>The suggestions, steepest descent first when there is one.</summary>
    public IReadOnlyList<LrSuggestion> Suggestions { get; init; } = [];

    /// <summary>Why the sweep ended: <c>completed</c>, or the divergence that cut it short.</summary>
    public string StopReason { get; init; } = "";

    /// <summary>The suggestion named <paramref name="name"/>, or null.</summary>
    public LrSuggestion? Suggestion(string name) => Suggestions.FirstOrDefault(s => s.Name == name);
}
