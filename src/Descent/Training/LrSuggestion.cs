namespace Descent.Training;

/// <summary>A learning rate suggested by the <see cref="LrFinder"/>, with the rule that chose it.</summary>
/// <param name="Name">The rule: <c>steepest</c> or <c>min/10</c>.</param>
/// <param name="LearningRate">The suggested rate.</param>
/// <param name="Index">The sweep point it comes from.</param>
/// <param name="Rationale">Why this rate, in one sentence with the numbers.</param>
public sealed record LrSuggestion(string Name, double LearningRate, int Index, string Rationale);
