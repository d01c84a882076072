namespace Descent.Schedules;

/// <summary>One key of a schedule spec (<c>gamma</c> in <c>step:step_size=30,gamma=0.5</c>).</summary>
/// <param name="Name">The key, as written in a spec.</param>
/// <param name="Kind">The type of its value.</param>
/// <param name="Default">The default as spec text, or null when the key has no default.</param>
/// <param name="Description">What the key means, one line.</param>
/// <param name="Required">Whether a spec must give it.</param>
/// <param name="Choices">The accepted words of a <see cref="ScheduleKeyKind.Choice"/> key.</param>
/// <param name="InvalidChoiceMessage">PyTorch's message for a bad choice, with <c>{0}</c> for the value, or null.</param>
public sealed record ScheduleKey(
    string Name,
    ScheduleKeyKind Kind,
    string? Default,
    string Description,
    bool Required = false,
    IReadOnlyList<string>? Choices = null,
    string? InvalidChoiceMessage = null)
{
    /// <summary>How the key reads in a listing: <c>gamma=0.1</c>, <c>step_size (required)</c>, <c>base_lr (optional)</c>.</summary>
    public string Display => Required ? $"{Name} (required)" : Default != null ? $"{Name}={Default}" : $"{Name} (optional)";
}
