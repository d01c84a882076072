using System.Globalization;

namespace Descent.Schedules;

/// <summary>
/// A schedule for one scalar hyperparameter: <c>v_k = f(k, base)</c>, the value after <c>k</c> scheduler steps, where <c>base</c> is
/// the hyperparameter's value when the scheduler was created (PyTorch's <c>initial_lr</c>).
/// </summary>
/// <remarks>
/// <para>A schedule has two faces that describe one sequence. <see cref="Value"/> is a pure function of the step, like an Optax
/// schedule (<c>lr = f(count)</c>), so it can be previewed (<see cref="Simulate"/>) and tested alone. <see cref="Next"/> is PyTorch's
/// chainable <c>get_lr()</c>: the value at step <c>k</c> computed from the hyperparameter's current value, which is how a
/// <see cref="Scheduler"/> advances and how <see cref="ChainedSchedule"/> multiplies schedules.</para>
/// <para>Step 0 is the value a scheduler writes when it is created (PyTorch's constructor performs one step); the first optimizer
/// step uses it. Where PyTorch's recursive form differs from its closed form in the last bits (exponential, cosine, linear,
/// polynomial…), <see cref="Value"/> replays the recursion from step 0, so <c>Value(k, b)</c> equals, bit for bit, the learning rate
/// PyTorch's scheduler holds after <c>k</c> calls to <c>step()</c> on an optimizer whose lr was <c>b</c>. Replaying costs O(k);
/// <see cref="Simulate"/> produces the whole sequence in one pass. Schedules are immutable and thread-safe.</para>
/// </remarks>
public abstract class Schedule
{
    /// <summary>The value after <paramref name="step"/> scheduler steps, for a hyperparameter whose value was <paramref name="baseValue"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or past <see cref="MaxStep"/>.</exception>
    public virtual double Value(long step, double baseValue)
    {
        CheckStep(step);
        double value = Next(0, baseValue, baseValue);
        for (long t = 1; t <= step; t++)
        {
            value = Next(t, value, baseValue);
        }

        return value;
    }

    /// <summary>
    /// The values after 0, 1, …, <paramref name="steps"/> scheduler steps (<paramref name="steps"/> + 1 numbers), computed in one pass;
    /// element <c>k</c> equals <c>Value(k, baseValue)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative or past <see cref="MaxStep"/>.</exception>
    public double[] Simulate(double baseValue, int steps)
    {
        CheckStep(steps);
        var values = new double[steps + 1];
        values[0] = Next(0, baseValue, baseValue);
        for (int t = 1; t <= steps; t++)
        {
            values[t] = Next(t, values[t - 1], baseValue);
        }

        return values;
    }

    /// <summary>
    /// PyTorch's chainable form (<c>get_lr()</c> with <c>last_epoch = step</c>): the value at <paramref name="step"/> given the
    /// hyperparameter's <paramref name="current"/> value, which is the value at <c>step − 1</c>, or at step 0 the value before the
    /// scheduler started. Schedules that PyTorch computes from the base value alone ignore <paramref name="current"/>.
    /// </summary>
    public abstract double Next(long step, double current, double baseValue);

    /// <summary>
    /// The value when a <see cref="SequentialSchedule"/> (PyTorch's <c>SequentialLR</c>) switches to this schedule at a milestone:
    /// PyTorch evaluates the scheduler's closed form at epoch 0 when it has one (so it restarts from the base value), and its
    /// chainable form at step 0 otherwise.
    /// </summary>
    public virtual double Restart(double current, double baseValue) => Next(0, current, baseValue);

    /// <summary>
    /// The schedule this schedule prescribes for momentum (or Adam's <c>beta1</c>) alongside the main value, as PyTorch's
    /// <c>OneCycleLR</c> and <c>CyclicLR</c> do with <c>cycle_momentum=True</c>; null when it prescribes none.
    /// A <see cref="Scheduler"/> binds it to the host's <c>momentum</c>, else its <c>beta1</c>.
    /// </summary>
    public virtual Schedule? MomentumSchedule => null;

    /// <summary>The last step with a defined value (<c>total_steps</c> for one-cycle); <see cref="long.MaxValue"/> when unbounded.</summary>
    public virtual long MaxStep => long.MaxValue;

    /// <summary>The same schedule preceded by a linear warmup of <paramref name="steps"/> steps (see <see cref="WarmupSchedule"/>).</summary>
    public Schedule WithWarmup(long steps) => steps == 0 ? this : new WarmupSchedule(this, steps);

    /// <summary>Throws when <paramref name="step"/> is negative or past <see cref="MaxStep"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is outside the schedule.</exception>
    protected void CheckStep(long step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "A schedule step must be non-negative.");
        }

        if (step > MaxStep)
        {
            throw PastEnd(step);
        }
    }

    /// <summary>The exception for a step past <see cref="MaxStep"/>; schedules with a horizon override it with their own message.</summary>
    protected virtual Exception PastEnd(long step) =>
        new ArgumentOutOfRangeException(nameof(step), step, $"{this} is defined up to step {MaxStep}.");

    /// <summary>Formats a number for a spec or message: shortest round-trip, invariant culture.</summary>
    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Rejects NaN and ±∞ for a hyperparameter PyTorch does not check (a NaN there would silently turn every learning rate into NaN).
    /// </summary>
    /// <param name="value">The value given.</param>
    /// <param name="key">The hyperparameter's spec key, as the message shows it (<c>eta_min</c>).</param>
    /// <param name="parameterName">The constructor parameter's name (<c>etaMin</c>), for <see cref="ArgumentException.ParamName"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite.</exception>
    protected static void RequireFinite(double value, string key, string parameterName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, $"{key} must be a finite number, got {Format(value)}.");
        }
    }
}
