using System.Globalization;
using Descent.Optim;

namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c>: when the metric has not improved for more than <c>patience</c> steps, every group's value
/// becomes <c>max(v · factor, min_lr)</c> (skipped when the change is at most <c>eps</c>), then <c>cooldown</c> steps pass before bad
/// steps count again.
/// </summary>
/// <remarks>
/// Same rules and order as <c>torch.optim.lr_scheduler.ReduceLROnPlateau.step</c>: the metric improves when it beats
/// <c>best · (1 − threshold)</c> (min, rel), <c>best − threshold</c> (min, abs), <c>best · (threshold + 1)</c> (max, rel) or
/// <c>best + threshold</c> (max, abs), with <c>best</c> starting at ±∞; improvement resets the bad count; during cooldown the counter
/// decreases and the bad count is zeroed; a bad count above <c>patience</c> reduces, starts the cooldown and zeroes the count.
/// It reads and writes the host's current values (no construction step, as in PyTorch), and its state (step, best, counters,
/// current values) travels in the host's state dict. Validation messages are PyTorch's. Any scalar hyperparameter can be
/// reduced (<see cref="PlateauOptions.Hyperparameter"/>).
/// </remarks>
public sealed class ReduceLrOnPlateau : IScheduler
{
    private readonly double[] _minLrs;
    private readonly double[] _base;

    /// <summary>Creates the scheduler and attaches it to <paramref name="host"/>.</summary>
    /// <param name="host">The optimizer whose parameter groups are scheduled.</param>
    /// <param name="options">Settings (PyTorch's defaults when null).</param>
    /// <param name="stateKey">Key of this scheduler in the host's state (default <c>scheduler</c>, or <c>scheduler.NAME</c>).</param>
    /// <exception cref="ArgumentException">A setting is invalid (PyTorch's messages), or a group lacks the hyperparameter.</exception>
    public ReduceLrOnPlateau(IHyperparameterHost host, PlateauOptions? options = null, string? stateKey = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        options ??= new PlateauOptions();
        Validate(options);
        Host = host;
        Options = options;
        StateKey = stateKey ?? (options.Hyperparameter == "lr" ? "scheduler" : "scheduler." + options.Hyperparameter);
        GroupCount = host.GroupCount;
        if (options.MinLrs is { } minLrs)
        {
            if (minLrs.Count != GroupCount)
            {
                throw new ArgumentException($"expected {GroupCount} min_lrs, got {minLrs.Count}");
            }

            _minLrs = [.. minLrs];
        }
        else
        {
            _minLrs = Enumerable.Repeat(options.MinLr, GroupCount).ToArray();
        }

        _base = new double[GroupCount];
        for (int g = 0; g < GroupCount; g++)
        {
            if (!host.HasHyperparameter(g, options.Hyperparameter))
            {
                throw new ArgumentException($"Parameter group {g} has no hyperparameter \"{options.Hyperparameter}\" to schedule.", nameof(host));
            }

            _base[g] = host.GetHyperparameter(g, options.Hyperparameter);
        }

        Best = options.Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        host.Attach(this);
    }

    /// <summary>The scheduled optimizer.</summary>
    public IHyperparameterHost Host { get; }

    /// <summary>The settings.</summary>
    public PlateauOptions Options { get; }

    /// <inheritdoc/>
    public SchedulePer Per => Options.Per;

    /// <inheritdoc/>
    public bool NeedsMetric => true;

    /// <inheritdoc/>
    public string StateKey { get; }

    /// <summary>Number of parameter groups, fixed at construction.</summary>
    public int GroupCount { get; }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>The best metric so far (±∞ before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive steps without improvement (PyTorch's <c>num_bad_epochs</c>).</summary>
    public int BadSteps { get; private set; }

    /// <summary>Steps left in the current cooldown.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Number of reductions applied so far (to any group).</summary>
    public int Reductions { get; private set; }

    /// <summary>The base value of each group (the value when the scheduler was created).</summary>
    public IReadOnlyList<double> BaseValues => _base;

    /// <summary>Always throws: this scheduler needs the metric.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public void Step() =>
        throw new InvalidOperationException("ReduceLrOnPlateau reacts to a metric: call Step(metric) with the monitored value (for example the validation loss).");

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The host's number of groups changed since construction.</exception>
    public void Step(double metric)
    {
        if (Host.GroupCount != GroupCount)
        {
            throw new InvalidOperationException(
                $"The number of param groups in the `optimizer` ({Host.GroupCount}) differs from when `ReduceLROnPlateau` was initialized ({GroupCount}), " +
                "usually due to a new param group being added to the optimizer. Create the scheduler after adding groups.");
        }

        StepCount++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            BadSteps = 0;
        }
        else
        {
            BadSteps++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            BadSteps = 0;
        }

        if (BadSteps > Options.Patience)
        {
            Reduce();
            CooldownCounter = Options.Cooldown;
            BadSteps = 0;
        }
    }

    /// <summary>
    /// The values after each metric for a single group starting at <paramref name="baseValue"/>: element 0 is
    /// <paramref name="baseValue"/>, element <c>i</c> the value after the <c>i</c>-th metric.
    /// </summary>
    public static double[] Simulate(double baseValue, IEnumerable<double> metrics, PlateauOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var host = new SingleValueHost(options?.Hyperparameter ?? "lr", baseValue);
        var plateau = new ReduceLrOnPlateau(host, options);
        var values = new List<double> { host.Value };
        foreach (var m in metrics)
        {
            plateau.Step(m);
            values.Add(host.Value);
        }

        return [.. values];
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SaveState()
    {
        var state = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["step"] = StepCount,
            ["groups"] = GroupCount,
            ["best"] = Best,
            ["num_bad_epochs"] = BadSteps,
            ["cooldown_counter"] = CooldownCounter,
            ["reductions"] = Reductions,
        };
        for (int g = 0; g < GroupCount; g++)
        {
            state[$"base.{Options.Hyperparameter}.{g}"] = _base[g];
            state[$"last.{Options.Hyperparameter}.{g}"] = Host.GetHyperparameter(g, Options.Hyperparameter);
        }

        return state;
    }

    /// <inheritdoc/>
    public void LoadState(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        double step = StateReader.Get(state, "step", StateKey);
        double groups = StateReader.Get(state, "groups", StateKey);
        double best = StateReader.Get(state, "best", StateKey);
        double bad = StateReader.Get(state, "num_bad_epochs", StateKey);
        double cooldown = StateReader.Get(state, "cooldown_counter", StateKey);
        double reductions = StateReader.Get(state, "reductions", StateKey);
        if (groups != GroupCount)
        {
            throw new ArgumentException($"Scheduler state \"{StateKey}\" is for {groups} parameter groups, this scheduler has {GroupCount}.", nameof(state));
        }

        foreach (var (name, v) in new[] { ("step", step), ("num_bad_epochs", bad), ("cooldown_counter", cooldown), ("reductions", reductions) })
        {
            if (v < 0 || v != Math.Floor(v) || v > int.MaxValue)
            {
                throw new ArgumentException($"Scheduler state \"{StateKey}\" has an invalid {name} {v.ToString("R", CultureInfo.InvariantCulture)}.", nameof(state));
            }
        }

        var bases = new double[GroupCount];
        var lasts = new double[GroupCount];
        for (int g = 0; g < GroupCount; g++)
        {
            bases[g] = StateReader.Get(state, $"base.{Options.Hyperparameter}.{g}", StateKey);
            lasts[g] = StateReader.Get(state, $"last.{Options.Hyperparameter}.{g}", StateKey);
        }

        StepCount = (long)step;
        Best = best;
        BadSteps = (int)bad;
        CooldownCounter = (int)cooldown;
        Reductions = (int)reductions;
        Array.Copy(bases, _base, GroupCount);
        for (int g = 0; g < GroupCount; g++)
        {
            Host.SetHyperparameter(g, Options.Hyperparameter, lasts[g]);
        }
    }

    private bool IsBetter(double a, double best) => (Options.Mode, Options.ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1.0 - Options.Threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < best - Options.Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > best * (Options.Threshold + 1.0),
        _ => a > best + Options.Threshold,
    };

    private void Reduce()
    {
        for (int g = 0; g < GroupCount; g++)
        {
            double old = Host.GetHyperparameter(g, Options.Hyperparameter);
            double reduced = Math.Max(old * Options.Factor, _minLrs[g]);
            if (old - reduced > Options.Eps)
            {
                Host.SetHyperparameter(g, Options.Hyperparameter, reduced);
                Reductions++;
            }
        }
    }

    private static void Validate(PlateauOptions o)
    {
        if (o.Factor >= 1.0)
        {
            throw new ArgumentException("Factor should be < 1.0.");
        }

        if (!(o.Factor >= 0))
        {
            throw new ArgumentException($"factor must be in [0, 1), got {o.Factor.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        if (!Enum.IsDefined(o.Mode))
        {
            throw new ArgumentException("mode " + o.Mode + " is unknown!");
        }

        if (!Enum.IsDefined(o.ThresholdMode))
        {
            throw new ArgumentException("threshold mode " + o.ThresholdMode + " is unknown!");
        }

        if (o.Patience < 0 || o.Cooldown < 0)
        {
            throw new ArgumentException($"patience and cooldown must be non-negative, got {o.Patience} and {o.Cooldown}.");
        }

        foreach (var (name, key, value) in new[] { (nameof(o.Threshold), "threshold", o.Threshold), (nameof(o.Eps), "eps", o.Eps), (nameof(o.MinLr), "min_lr", o.MinLr) })
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, $"{key} must be a finite number, got {value.ToString("R", CultureInfo.InvariantCulture)}.");
            }
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(o.Hyperparameter);
    }
}
