namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c>: <c>v_k = eta_min + (base − eta_min) · (1 + cos(π k / t_max)) / 2</c>, not clamped after
/// <c>t_max</c> (the value climbs back to <c>base</c> at <c>2·t_max</c>, with period <c>2·t_max</c>).
/// </summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>'s chainable form exactly:
/// <c>v_k = (1 + cos(π k/T)) / (1 + cos(π (k−1)/T)) · (v_{k−1} − eta_min) + eta_min</c>, except when <c>(k − 1 − T) mod 2T = 0</c>
/// (the denominator vanishes), where <c>v_k = v_{k−1} + (base − eta_min)(1 − cos(π/T)) / 2</c>. The recursion drifts from the closed
/// form in the last bits; this class yields what PyTorch yields. The closed form is used only when a
/// <see cref="SequentialSchedule"/> restarts it. Spec: <c>cosine:t_max=N,eta_min=0</c>. For a cosine that restarts and holds see
/// <see cref="CosineWarmRestartsSchedule"/>.
/// </remarks>
public sealed class CosineAnnealingSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="tMax">Half period in steps: the value reaches <paramref name="etaMin"/> at step <paramref name="tMax"/> (positive).</param>
    /// <param name="etaMin">Minimum value.</param>
    /// <exception cref="ArgumentException"><paramref name="tMax"/> is not positive.</exception>
    public CosineAnnealingSchedule(long tMax, double etaMin = 0.0)
    {
        if (tMax <= 0)
        {
            throw new ArgumentException($"t_max must be a positive integer, got {tMax}.");
        }

        RequireFinite(etaMin, "eta_min", nameof(etaMin));
        TMax = tMax;
        EtaMin = etaMin;
    }

    /// <summary>Half period in steps.</summary>
    public long TMax { get; }

    /// <summary>Minimum value.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue)
    {
        if (step == 0)
        {
            return current;
        }

        if ((step - 1 - TMax) % (2 * TMax) == 0)
        {
            return current + (baseValue - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        }

        return (1 + Math.Cos(Math.PI * step / TMax)) / (1 + Math.Cos(Math.PI * (step - 1) / TMax)) * (current - EtaMin) + EtaMin;
    }

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) =>
        EtaMin + (baseValue - EtaMin) * (1 + Math.Cos(Math.PI * 0 / TMax)) / 2;

    /// <inheritdoc/>
    public override string ToString() => $"cosine:t_max={TMax},eta_min={Format(EtaMin)}";
}
