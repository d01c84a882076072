namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>OneCycleLR</c>: from <c>max_lr/div_factor</c> up to <c>max_lr</c> over the first <c>pct_start</c> of
/// <c>total_steps</c>, then down to <c>max_lr/(div_factor·final_div_factor)</c> at step <c>total_steps − 1</c>, each phase annealed
/// by <see cref="AnnealStrategy"/> (cosine: <c>end + (start − end)/2 · (cos(π·pct) + 1)</c>); with <c>three_phase</c> it returns to
/// <c>max_lr/div_factor</c> before the final descent. The base value is ignored.
/// </summary>
/// <remarks>
/// Same phases and arithmetic, in the same order, as <c>torch.optim.lr_scheduler.OneCycleLR.get_lr</c>: phase ends at
/// <c>pct_start·total_steps − 1</c> (and <c>2·pct_start·total_steps − 2</c>) and <c>total_steps − 1</c>,
/// <c>pct = (k − start)/(end − start)</c>. Like PyTorch, step <c>total_steps</c> is still allowed (the last phase extrapolates past
/// pct 1, so the rate rises again) and a later step throws PyTorch 2.x's "Tried to step …" message (1.13 printed the count plus one).
/// With <c>cycle_momentum</c> it prescribes momentum from <c>max_momentum</c> down to <c>base_momentum</c> and back
/// (<see cref="Schedule.MomentumSchedule"/>), which a <see cref="Scheduler"/> writes to <c>momentum</c> or <c>beta1</c>.
/// Paper: Smith &amp; Topin, "Super-Convergence", 2017 (fastai's two-phase variant by default). Spec:
/// <c>onecycle:max_lr=M,total_steps=N</c> (or <c>epochs=E,steps_per_epoch=S</c>), <c>pct_start=0.3,anneal_strategy=cos,
/// div_factor=25,final_div_factor=1e4,three_phase=false</c>. A phase of zero length throws when a step reaches it (PyTorch raises
/// <c>ZeroDivisionError</c>), which for the first phase is at construction. Divergence: PyTorch's constructor also overwrites the optimizer's
/// <c>initial_lr</c> with <c>max_lr/div_factor</c>, which silently changes the base of other schedulers sharing the optimizer (in a
/// <c>SequentialLR</c> or <c>ChainedScheduler</c>); in Descent every schedule keeps the optimizer's own base value.
/// </remarks>
public sealed class OneCycleSchedule : ClosedFormSchedule
{
    private readonly Phase[] _phases;

    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLr">Peak value.</param>
    /// <param name="totalSteps">Length of the cycle in steps (positive).</param>
    /// <param name="pctStart">Fraction of the cycle spent rising, in [0, 1].</param>
    /// <param name="annealStrategy">How each phase interpolates.</param>
    /// <param name="divFactor">Initial value = <paramref name="maxLr"/> / <paramref name="divFactor"/>.</param>
    /// <param name="finalDivFactor">Final value = initial value / <paramref name="finalDivFactor"/>.</param>
    /// <param name="threePhase">Whether to descend back to the initial value before the final annealing (the paper's form).</param>
    /// <param name="cycleMomentum">Whether to prescribe an inverse momentum cycle.</param>
    /// <param name="baseMomentum">Momentum at the peak of the rate.</param>
    /// <param name="maxMomentum">Momentum at the start and end.</param>
    /// <exception cref="ArgumentException">A value is outside its range (PyTorch's messages).</exception>
    public OneCycleSchedule(
        double maxLr,
        long totalSteps,
        double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        bool threePhase = false,
        bool cycleMomentum = true,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95)
    {
        if (totalSteps <= 0)
        {
            throw new ArgumentException($"Expected positive integer total_steps, but got {totalSteps}");
        }

        if (pctStart < 0 || pctStart > 1 || double.IsNaN(pctStart))
        {
            throw new ArgumentException($"Expected float between 0 and 1 pct_start, but got {Format(pctStart)}");
        }

        if (!Enum.IsDefined(annealStrategy))
        {
            throw new ArgumentException($"anneal_strategy must be one of 'cos' or 'linear', instead got {annealStrategy}");
        }

        if (!(divFactor > 0) || !(finalDivFactor > 0))
        {
            throw new ArgumentException($"div_factor and final_div_factor must be positive, got {Format(divFactor)} and {Format(finalDivFactor)}.");
        }

        RequireFinite(maxLr, "max_lr", nameof(maxLr));
        RequireFinite(divFactor, "div_factor", nameof(divFactor));
        RequireFinite(finalDivFactor, "final_div_factor", nameof(finalDivFactor));
        RequireFinite(baseMomentum, "base_momentum", nameof(baseMomentum));
        RequireFinite(maxMomentum, "max_momentum", nameof(maxMomentum));
        MaxLr = maxLr;
        TotalSteps = totalSteps;
        PctStart = pctStart;
        AnnealStrategy = annealStrategy;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
        ThreePhase = threePhase;
        CycleMomentum = cycleMomentum;
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;
        InitialLr = maxLr / divFactor;
        MinLr = InitialLr / finalDivFactor;

        _phases = threePhase
            ?
            [
                new((double)(pctStart * totalSteps) - 1, InitialLr, maxLr, maxMomentum, baseMomentum),
                new((double)(2 * pctStart * totalSteps) - 2, maxLr, InitialLr, baseMomentum, maxMomentum),
                new(totalSteps - 1, InitialLr, MinLr, maxMomentum, maxMomentum),
            ]
            :
            [
                new((double)(pctStart * totalSteps) - 1, InitialLr, maxLr, maxMomentum, baseMomentum),
                new(totalSteps - 1, maxLr, MinLr, baseMomentum, maxMomentum),
            ];

        // PyTorch's constructor evaluates step 0, which fails when the first phase has zero length; fail here the same way.
        Locate(0);
        MomentumSchedule = cycleMomentum ? new MomentumCycle(this) : null;
    }

    /// <summary>Peak value.</summary>
    public double MaxLr { get; }

    /// <summary>Length of the cycle in steps.</summary>
    public long TotalSteps { get; }

    /// <summary>Fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>How each phase interpolates.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Initial value = max / div_factor.</summary>
    public double DivFactor { get; }

    /// <summary>Final value = initial / final_div_factor.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Whether the schedule has three phases.</summary>
    public bool ThreePhase { get; }

    /// <summary>Whether momentum is cycled.</summary>
    public bool CycleMomentum { get; }

    /// <summary>Momentum at the peak of the rate.</summary>
    public double BaseMomentum { get; }

    /// <summary>Momentum at the start and end.</summary>
    public double MaxMomentum { get; }

    /// <summary>The value at step 0: <c>max_lr / div_factor</c>.</summary>
    public double InitialLr { get; }

    /// <summary>The value at step <c>total_steps − 1</c>: <c>initial / final_div_factor</c>.</summary>
    public double MinLr { get; }

    /// <inheritdoc/>
    public override Schedule? MomentumSchedule { get; }

    /// <inheritdoc/>
    public override long MaxStep => TotalSteps;

    /// <inheritdoc/>
    protected override Exception PastEnd(long step) =>
        new ArgumentOutOfRangeException(nameof(step), step, $"Tried to step {step} times. The specified number of total steps is {TotalSteps}");

    /// <inheritdoc/>
    protected override double Evaluate(long step, double baseValue)
    {
        var (phase, pct) = Locate(step);
        return Anneal(phase.StartLr, phase.EndLr, pct);
    }

    private (Phase Phase, double Pct) Locate(long step)
    {
        double start = 0.0;
        for (int i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (step <= phase.End || i == _phases.Length - 1)
            {
                if (phase.End == start)
                {
                    throw new ArgumentException(
                        $"pct_start={Format(PctStart)} with total_steps={TotalSteps} gives phase {i + 1} of the one-cycle schedule zero " +
                        $"length, so step {step} would divide by zero (as in PyTorch); change pct_start or total_steps.");
                }

                return (phase, (step - start) / (phase.End - start));
            }

            start = phase.End;
        }

        throw new InvalidOperationException("unreachable: the last phase always matches");
    }

    private double Anneal(double start, double end, double pct)
    {
        if (AnnealStrategy == AnnealStrategy.Cos)
        {
            double cosOut = Math.Cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }

        return (end - start) * pct + start;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"onecycle:max_lr={Format(MaxLr)},total_steps={TotalSteps},pct_start={Format(PctStart)}," +
        $"anneal_strategy={(AnnealStrategy == AnnealStrategy.Cos ? "cos" : "linear")},div_factor={Format(DivFactor)}," +
        $"final_div_factor={Format(FinalDivFactor)},three_phase={(ThreePhase ? "true" : "false")}" +
        (CycleMomentum ? $",base_momentum={Format(BaseMomentum)},max_momentum={Format(MaxMomentum)}" : ",cycle_momentum=false");

    private readonly record struct Phase(double End, double StartLr, double EndLr, double StartMomentum, double EndMomentum);

    /// <summary>The momentum cycle, annealed with the same phases and pct as the rate.</summary>
    private sealed class MomentumCycle(OneCycleSchedule owner) : ClosedFormSchedule
    {
        public override long MaxStep => owner.TotalSteps;

        protected override Exception PastEnd(long step) => owner.PastEnd(step);

        protected override double Evaluate(long step, double baseValue)
        {
            var (phase, pct) = owner.Locate(step);
            return owner.Anneal(phase.StartMomentum, phase.EndMomentum, pct);
        }

        public override string ToString() => $"momentum of {owner}";
    }
}
