namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>CyclicLR</c>: <c>v_k = base_lr + (max_lr − base_lr) · s(x) · scale</c>, a triangle wave between <c>base_lr</c> and
/// <c>max_lr</c> rising for <c>step_size_up</c> steps and falling for <c>step_size_down</c>, where
/// <c>cycle = ⌊1 + k/(up + down)⌋</c>, <c>x = 1 + k/(up + down) − cycle</c>, <c>s = x/r</c> if <c>x ≤ r</c> else <c>(x − 1)/(r − 1)</c>
/// with <c>r = up/(up + down)</c>, and <c>scale</c> set by <see cref="CyclicMode"/>.
/// </summary>
/// <remarks>
/// Same arithmetic, in the same order, as <c>torch.optim.lr_scheduler.CyclicLR.get_lr</c> (computed from the step, not chained).
/// With <c>cycle_momentum</c> (the default) it also prescribes momentum <c>max_m − (max_m − base_m) · s · scale</c>, inversely to
/// the rate (<see cref="Schedule.MomentumSchedule"/>), which a <see cref="Scheduler"/> writes to <c>momentum</c> or <c>beta1</c>
/// (PyTorch 2.x; 1.13 supported only <c>momentum</c>). Paper: Smith, "Cyclical Learning Rates for Training Neural Networks",
/// WACV 2017. Spec: <c>cyclic:max_lr=M[,base_lr=B],step_size_up=2000,step_size_down=…,mode=triangular,gamma=1</c>. When
/// <c>base_lr</c> is omitted the scheduler's base value is used (PyTorch requires it). Custom <c>scale_fn</c> is not supported.
/// Divergence: PyTorch writes <c>base_lr</c> into the optimizer before recording <c>initial_lr</c>, so a scheduler built after it
/// on the same optimizer takes <c>base_lr</c> as its base; in Descent every schedule keeps the optimizer's own base value.
/// </remarks>
public sealed class CyclicSchedule : ClosedFormSchedule
{
    private readonly double _totalSize, _stepRatio;

    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLr">Upper boundary of the cycle.</param>
    /// <param name="baseLr">Lower boundary; null uses the scheduler's base value.</param>
    /// <param name="stepSizeUp">Steps in the rising half (positive).</param>
    /// <param name="stepSizeDown">Steps in the falling half (non-negative); null means <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">Amplitude scaling.</param>
    /// <param name="gamma">Base of <see cref="CyclicMode.ExpRange"/>'s per-step decay.</param>
    /// <param name="cycleMomentum">Whether to prescribe an inverse momentum cycle.</param>
    /// <param name="baseMomentum">Momentum at the peak of the rate.</param>
    /// <param name="maxMomentum">Momentum at the bottom of the rate.</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public CyclicSchedule(
        double maxLr,
        double? baseLr = null,
        long stepSizeUp = 2000,
        long? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular,
        double gamma = 1.0,
        bool cycleMomentum = true,
        double baseMomentum = 0.8,
        double maxMomentum = 0.9)
    {
        if (stepSizeUp <= 0)
        {
            throw new ArgumentException($"step_size_up must be a positive integer, got {stepSizeUp}.");
        }

        if (stepSizeDown < 0)
        {
            throw new ArgumentException($"step_size_down must be a non-negative integer, got {stepSizeDown}.");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentException("mode is invalid and scale_fn is None");
        }

        RequireFinite(maxLr, "max_lr", nameof(maxLr));
        if (baseLr is double b)
        {
            RequireFinite(b, "base_lr", nameof(baseLr));
        }

        RequireFinite(gamma, "gamma", nameof(gamma));
        RequireFinite(baseMomentum, "base_momentum", nameof(baseMomentum));
        RequireFinite(maxMomentum, "max_momentum", nameof(maxMomentum));
        MaxLr = maxLr;
        BaseLr = baseLr;
        StepSizeUp = stepSizeUp;
        StepSizeDown = stepSizeDown ?? stepSizeUp;
        Mode = mode;
        Gamma = gamma;
        CycleMomentum = cycleMomentum;
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;
        _totalSize = (double)StepSizeUp + StepSizeDown;
        _stepRatio = StepSizeUp / _totalSize;
        MomentumSchedule = cycleMomentum ? new MomentumCycle(this) : null;
    }

    /// <summary>Upper boundary of the cycle.</summary>
    public double MaxLr { get; }

    /// <summary>Lower boundary, or null for the scheduler's base value.</summary>
    public double? BaseLr { get; }

    /// <summary>Steps in the rising half.</summary>
    public long StepSizeUp { get; }

    /// <summary>Steps in the falling half.</summary>
    public long StepSizeDown { get; }

    /// <summary>Amplitude scaling.</summary>
    public CyclicMode Mode { get; }

    /// <summary>Base of the exp_range decay.</summary>
    public double Gamma { get; }

    /// <summary>Whether momentum is cycled inversely to the rate.</summary>
    public bool CycleMomentum { get; }

    /// <summary>Momentum at the peak of the rate.</summary>
    public double BaseMomentum { get; }

    /// <summary>Momentum at the bottom of the rate.</summary>
    public double MaxMomentum { get; }

    /// <inheritdoc/>
    public override Schedule? MomentumSchedule { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step, double baseValue)
    {
        double low = BaseLr ?? baseValue;
        var (scaleFactor, scale) = Phase(step);
        double baseHeight = (MaxLr - low) * scaleFactor;
        return low + baseHeight * scale;
    }

    private (double ScaleFactor, double Scale) Phase(long step)
    {
        double cycle = Math.Floor(1 + step / _totalSize);
        double x = 1.0 + step / _totalSize - cycle;
        double scaleFactor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        double scale = Mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
            _ => Math.Pow(Gamma, step),
        };
        return (scaleFactor, scale);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "cyclic:" + (BaseLr is double b ? $"base_lr={Format(b)}," : "") + $"max_lr={Format(MaxLr)},step_size_up={StepSizeUp}," +
        $"step_size_down={StepSizeDown},mode={ModeName(Mode)},gamma={Format(Gamma)}" +
        (CycleMomentum ? $",base_momentum={Format(BaseMomentum)},max_momentum={Format(MaxMomentum)}" : ",cycle_momentum=false");

    internal static string ModeName(CyclicMode mode) => mode switch
    {
        CyclicMode.Triangular => "triangular",
        CyclicMode.Triangular2 => "triangular2",
        _ => "exp_range",
    };

    /// <summary>The momentum cycle: <c>max_m − (max_m − base_m) · s · scale</c>, ignoring the base value.</summary>
    private sealed class MomentumCycle(CyclicSchedule owner) : ClosedFormSchedule
    {
        protected override double Evaluate(long step, double baseValue)
        {
            var (scaleFactor, scale) = owner.Phase(step);
            double baseHeight = (owner.MaxMomentum - owner.BaseMomentum) * scaleFactor;
            return owner.MaxMomentum - baseHeight * scale;
        }

        public override string ToString() => $"momentum of {owner}";
    }
}
