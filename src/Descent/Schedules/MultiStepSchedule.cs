namespace Descent.Schedules;

/// <summary>PyTorch's <c>MultiStepLR</c>: <c>v_k = base · gamma^(number of milestones ≤ k)</c>.</summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.MultiStepLR</c>'s chainable form exactly: at a step equal to a milestone the current
/// value is multiplied by <c>gamma^count</c>, where <c>count</c> is how often that milestone is listed (a duplicated milestone
/// compounds, as PyTorch's <c>Counter</c> does). Milestones may be given in any order.
/// Spec: <c>multistep:milestones=30;80,gamma=0.1</c>.
/// </remarks>
public sealed class MultiStepSchedule : Schedule
{
    private readonly Dictionary<long, int> _counts = [];
    private readonly long[] _sorted;

    /// <summary>Creates the schedule.</summary>
    /// <param name="milestones">Steps at which to decay (non-negative; repeats compound).</param>
    /// <param name="gamma">Multiplier applied at each milestone.</param>
    /// <exception cref="ArgumentException">A milestone is negative.</exception>
    public MultiStepSchedule(IEnumerable<long> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _sorted = milestones.Order().ToArray();
        foreach (var m in _sorted)
        {
            if (m < 0)
            {
                throw new ArgumentException($"milestones must be non-negative steps, got {m}.");
            }

            _counts[m] = _counts.GetValueOrDefault(m) + 1;
        }

        RequireFinite(gamma, "gamma", nameof(gamma));
        Gamma = gamma;
    }

    /// <summary>The milestones in increasing order (repeats kept).</summary>
    public IReadOnlyList<long> Milestones => _sorted;

    /// <summary>Multiplier applied at each milestone.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue) =>
        _counts.TryGetValue(step, out int count) ? current * Math.Pow(Gamma, count) : current;

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) =>
        baseValue * Math.Pow(Gamma, _sorted.Count(m => m <= 0));

    /// <inheritdoc/>
    public override string ToString() => $"multistep:milestones={string.Join(';', _sorted)},gamma={Format(Gamma)}";
}
