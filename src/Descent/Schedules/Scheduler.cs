using System.Globalization;
using Descent.Optim;

namespace Descent.Schedules;

/// <summary>
/// Binds a <see cref="Schedule"/> to one hyperparameter of every parameter group of an optimizer (PyTorch's <c>LRScheduler</c>):
/// construction records each group's value as its base (<c>initial_lr</c>) and writes the step-0 value; <see cref="Step()"/> writes
/// the next one. Use <see cref="StepScheduler"/> to step after every optimizer step, <see cref="EpochScheduler"/> once per epoch.
/// </summary>
/// <remarks>
/// <para>Each step evaluates the schedule's chainable form (<see cref="Schedule.Next"/>) on the hyperparameter's current value read
/// from the host, as PyTorch reads <c>group["lr"]</c>, so a manual change between steps is carried forward by chainable schedules
/// exactly as in PyTorch. Any scalar hyperparameter can be scheduled (<c>lr</c>, <c>momentum</c>, <c>beta1</c>,
/// <c>weight_decay</c>…). When the schedule prescribes a momentum cycle (one-cycle, cyclic with <c>cycle_momentum</c>), it is
/// written to the host's <c>momentum</c> if it has one, else to <c>beta1</c>, else construction fails with PyTorch 2.x's message.
/// (PyTorch prefers <c>betas</c> when an optimizer has both; none of its optimizers does.)</para>
/// <para>The scheduler attaches itself to the host (<see cref="IHyperparameterHost.Attach"/>), so its state (step count, base values,
/// current values) is saved and restored with the optimizer's. Restoring also writes the saved current values back to the host, so a
/// resumed run continues exactly even if the host does not persist its hyperparameters.</para>
/// <para>Like PyTorch, the first <see cref="Step()"/> warns (once, through <see cref="Warn"/>) when the optimizer has not stepped yet:
/// the scheduler then skips the first value of the schedule.</para>
/// </remarks>
public abstract class Scheduler : IScheduler
{
    /// <summary>The message of the call-order warning (in the spirit of PyTorch's).</summary>
    public const string CallOrderWarning =
        "Detected call of `scheduler.Step()` before `optimizer.Step()`. Call them in the opposite order: `optimizer.Step()` before " +
        "`scheduler.Step()`. Otherwise the first value of the schedule is skipped.";

    private readonly Binding[] _bindings;
    private bool _stepCalled;

    /// <summary>Creates the scheduler, records the base values and writes the step-0 values.</summary>
    /// <param name="host">The optimizer whose parameter groups are scheduled.</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule in every group (default <c>lr</c>).</param>
    /// <param name="stateKey">Key of this scheduler in the host's state; default <c>scheduler</c> for <c>lr</c>, else
    /// <c>scheduler.NAME</c>.</param>
    /// <exception cref="ArgumentException">A group lacks the hyperparameter, or the momentum cycle has nowhere to go.</exception>
    protected Scheduler(IHyperparameterHost host, Schedule schedule, string hyperparameter = "lr", string? stateKey = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentException.ThrowIfNullOrWhiteSpace(hyperparameter);
        Host = host;
        Schedule = schedule;
        Hyperparameter = hyperparameter;
        StateKey = stateKey ?? (hyperparameter == "lr" ? "scheduler" : "scheduler." + hyperparameter);
        GroupCount = host.GroupCount;
        if (GroupCount < 1)
        {
            throw new ArgumentException("The optimizer has no parameter groups to schedule.", nameof(host));
        }

        var bindings = new List<Binding> { new(hyperparameter, schedule, RequireEverywhere(host, hyperparameter)) };
        if (schedule.MomentumSchedule is { } momentum)
        {
            string? target = new[] { "momentum", "beta1" }.FirstOrDefault(n => Enumerable.Range(0, GroupCount).All(g => host.HasHyperparameter(g, n)));
            if (target == null)
            {
                throw new ArgumentException(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled (set cycle_momentum=false to schedule only the rate).");
            }

            if (target == hyperparameter)
            {
                throw new ArgumentException($"{schedule} prescribes a momentum cycle for \"{target}\", which is the hyperparameter being scheduled; set cycle_momentum=false.");
            }

            bindings.Add(new(target, momentum, RequireEverywhere(host, target)));
        }

        _bindings = [.. bindings];
        var initial = Compute(0);
        Apply(initial);
        host.Attach(this);
    }

    /// <summary>The scheduled optimizer.</summary>
    public IHyperparameterHost Host { get; }

    /// <summary>The schedule of <see cref="Hyperparameter"/>.</summary>
    public Schedule Schedule { get; }

    /// <summary>The scheduled hyperparameter.</summary>
    public string Hyperparameter { get; }

    /// <summary>The hyperparameter that receives the schedule's momentum cycle (<c>momentum</c> or <c>beta1</c>), or null.</summary>
    public string? MomentumHyperparameter => _bindings.Length > 1 ? _bindings[1].Name : null;

    /// <inheritdoc/>
    public abstract SchedulePer Per { get; }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <inheritdoc/>
    public bool NeedsMetric => false;

    /// <inheritdoc/>
    public string StateKey { get; }

    /// <summary>Number of parameter groups, fixed at construction.</summary>
    public int GroupCount { get; }

    /// <summary>The base value of each group: the hyperparameter's value when the scheduler was created (PyTorch's <c>base_lrs</c>).</summary>
    public IReadOnlyList<double> BaseValues => _bindings[0].Base;

    /// <summary>The value of each group written by the last step (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> LastValues => _bindings[0].Last;

    /// <summary>Receives warnings (the call-order warning). Default: a line on standard error.</summary>
    public Action<string> Warn { get; set; } = message => Console.Error.WriteLine("warning: " + message);

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">The schedule has a horizon and it is exceeded (one-cycle).</exception>
    /// <exception cref="InvalidOperationException">The host's number of groups changed since construction.</exception>
    public void Step()
    {
        if (Host.GroupCount != GroupCount)
        {
            throw new InvalidOperationException(
                $"The optimizer has {Host.GroupCount} parameter groups but had {GroupCount} when the scheduler was created; create the scheduler after adding groups.");
        }

        if (!_stepCalled)
        {
            _stepCalled = true;
            if (Host.StepCount == 0)
            {
                Warn(CallOrderWarning);
            }
        }

        var next = Compute(StepCount + 1);
        StepCount++;
        Apply(next);
    }

    /// <inheritdoc/>
    public void Step(double metric) => Step();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SaveState()
    {
        var state = new Dictionary<string, double>(StringComparer.Ordinal) { ["step"] = StepCount, ["groups"] = GroupCount };
        foreach (var b in _bindings)
        {
            for (int g = 0; g < GroupCount; g++)
            {
                state[$"base.{b.Name}.{g}"] = b.Base[g];
                state[$"last.{b.Name}.{g}"] = b.Last[g];
            }
        }

        return state;
    }

    /// <inheritdoc/>
    public void LoadState(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        double step = StateReader.Get(state, "step", StateKey);
        double groups = StateReader.Get(state, "groups", StateKey);
        if (step < 0 || step != Math.Floor(step) || step > Schedule.MaxStep)
        {
            throw new ArgumentException($"Scheduler state \"{StateKey}\" has an invalid step {step.ToString("R", CultureInfo.InvariantCulture)}.", nameof(state));
        }

        if (groups != GroupCount)
        {
            throw new ArgumentException($"Scheduler state \"{StateKey}\" is for {groups} parameter groups, this scheduler has {GroupCount}.", nameof(state));
        }

        var bases = new double[_bindings.Length][];
        var lasts = new double[_bindings.Length][];
        for (int i = 0; i < _bindings.Length; i++)
        {
            bases[i] = new double[GroupCount];
            lasts[i] = new double[GroupCount];
            for (int g = 0; g < GroupCount; g++)
            {
                bases[i][g] = StateReader.Get(state, $"base.{_bindings[i].Name}.{g}", StateKey);
                lasts[i][g] = StateReader.Get(state, $"last.{_bindings[i].Name}.{g}", StateKey);
            }
        }

        StepCount = (long)step;
        _stepCalled = StepCount > 0;
        for (int i = 0; i < _bindings.Length; i++)
        {
            Array.Copy(bases[i], _bindings[i].Base, GroupCount);
        }

        Apply(lasts);
    }

    /// <summary>The values of every binding and group at <paramref name="step"/>, computed before anything is written.</summary>
    private double[][] Compute(long step)
    {
        var values = new double[_bindings.Length][];
        for (int i = 0; i < _bindings.Length; i++)
        {
            var b = _bindings[i];
            values[i] = new double[GroupCount];
            for (int g = 0; g < GroupCount; g++)
            {
                double current = Host.GetHyperparameter(g, b.Name);
                values[i][g] = b.Schedule.Next(step, current, b.Base[g]);
            }
        }

        return values;
    }

    private void Apply(double[][] values)
    {
        for (int i = 0; i < _bindings.Length; i++)
        {
            for (int g = 0; g < GroupCount; g++)
            {
                Host.SetHyperparameter(g, _bindings[i].Name, values[i][g]);
                _bindings[i].Last[g] = values[i][g];
            }
        }
    }

    private static double[] RequireEverywhere(IHyperparameterHost host, string name)
    {
        var values = new double[host.GroupCount];
        for (int g = 0; g < values.Length; g++)
        {
            if (!host.HasHyperparameter(g, name))
            {
                throw new ArgumentException($"Parameter group {g} has no hyperparameter \"{name}\" to schedule.", nameof(host));
            }

            values[g] = host.GetHyperparameter(g, name);
        }

        return values;
    }

    private sealed class Binding(string name, Schedule schedule, double[] baseValues)
    {
        public string Name { get; } = name;

        public Schedule Schedule { get; } = schedule;

        public double[] Base { get; } = baseValues;

        public double[] Last { get; } = new double[baseValues.Length];
    }
}
