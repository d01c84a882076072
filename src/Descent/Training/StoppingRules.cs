namespace Descent.Training;

/// <summary>
/// The convergence tests of lecture 002's gradient-descent loop, checked after every optimizer step:
/// <code>
/// while previous_step_size &gt; precision and iters &lt; max_iters:
///     prev_x = cur_x; cur_x = cur_x - lr * df(prev_x); previous_step_size = abs(cur_x - prev_x); iters += 1
/// </code>
/// generalised to many parameters: the step size is ‖θ_t − θ_{t−1}‖₂ over all parameters. A null rule is off.
/// </summary>
/// <remarks>
/// The rules see the values of single steps. With full-batch gradient descent that is the lecture's setting exactly; with mini-batches
/// the step's loss and gradient are noisy estimates, so a tolerance may fire early or never: prefer <see cref="EarlyStopping"/> there.
/// A rule stops the run when its value is less than or equal to the threshold (the lecture loops while the step size is greater).
/// </remarks>
public sealed record StoppingRules
{
    /// <summary>No rule: train for the requested epochs.</summary>
    public static StoppingRules None { get; } = new();

    /// <summary>The lecture's rules: precision 1e-6 on the step size and at most 10,000 steps.</summary>
    public static StoppingRules Lecture { get; } = new() { StepPrecision = 1e-6, MaxSteps = 10_000 };

    /// <summary>Stop when an update moves the parameters by ‖Δθ‖₂ ≤ this (lecture 002's <c>precision = 0.000001</c>).</summary>
    public double? StepPrecision { get; init; }

    /// <summary>Stop when the loss of consecutive steps differs by |L_t − L_{t−1}| ≤ this.</summary>
    public double? LossTolerance { get; init; }

    /// <summary>Stop when the gradient norm ‖∇L(θ)‖₂ (before clipping) is ≤ this: the lecture's convergence condition ∇L(θ_t) = 0.</summary>
    public double? GradientTolerance { get; init; }

    /// <summary>Stop after this many optimizer steps in all (lecture 002's <c>max_iters</c>), even in the middle of an epoch.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Whether any rule is on.</summary>
    public bool Any => StepPrecision != null || LossTolerance != null || GradientTolerance != null || MaxSteps != null;

    internal void Validate()
    {
        Check(StepPrecision, nameof(StepPrecision));
        Check(LossTolerance, nameof(LossTolerance));
        Check(GradientTolerance, nameof(GradientTolerance));
        if (MaxSteps is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSteps), $"StoppingRules.MaxSteps must be at least 1, got {MaxSteps}");
        }
    }

    private static void Check(double? value, string name)
    {
        if (value is { } v && !(v >= 0 && double.IsFinite(v)))
        {
            throw new ArgumentOutOfRangeException(name, $"StoppingRules.{name} must be a finite number ≥ 0, got {v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }
}
