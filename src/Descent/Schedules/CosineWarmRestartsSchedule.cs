namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>CosineAnnealingWarmRestarts</c> (SGDR): <c>v_k = eta_min + (base − eta_min) · (1 + cos(π T_cur / T_i)) / 2</c>, where
/// the cycle length starts at <c>T_i = t_0</c>, <c>T_cur</c> counts steps since the last restart, and each restart multiplies
/// <c>T_i</c> by <c>t_mult</c>.
/// </summary>
/// <remarks>
/// Follows <c>torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.step()</c> without an epoch argument: <c>T_cur</c> and
/// <c>T_i</c> are integers advanced one step at a time (PyTorch 2.x wraps with <c>T_cur % T_i</c>, 1.13 with <c>T_cur − T_i</c>;
/// for whole steps both give 0), computed here in O(log k). Fractional epochs (<c>step(epoch + i/iters)</c>) are not supported.
/// A <see cref="SequentialSchedule"/> restarts it at <c>T_cur = 0</c>, as PyTorch 1.13's <c>step(0)</c> does (latest PyTorch's
/// <c>_update_lr(0)</c> keeps the stale <c>T_cur</c>). Validation messages are PyTorch's. Paper: Loshchilov &amp; Hutter, "SGDR:
/// Stochastic Gradient Descent with Warm Restarts", ICLR 2017. Spec: <c>cosine_restarts:t_0=N,t_mult=1,eta_min=0</c>.
/// </remarks>
public sealed class CosineWarmRestartsSchedule : ClosedFormSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="t0">Length of the first cycle in steps (positive).</param>
    /// <param name="tMult">Factor by which each cycle is longer than the previous one (≥ 1).</param>
    /// <param name="etaMin">Minimum value.</param>
    /// <exception cref="ArgumentException">A value is outside its range (PyTorch's messages).</exception>
    public CosineWarmRestartsSchedule(long t0, long tMult = 1, double etaMin = 0.0)
    {
        if (t0 <= 0)
        {
            throw new ArgumentException($"Expected positive integer T_0, but got {t0}");
        }

        if (tMult < 1)
        {
            throw new ArgumentException($"Expected integer T_mult >= 1, but got {tMult}");
        }

        if (!double.IsFinite(etaMin))
        {
            throw new ArgumentException($"Expected float or int eta_min, but got {Format(etaMin)}");
        }

        T0 = t0;
        TMult = tMult;
        EtaMin = etaMin;
    }

    /// <summary>Length of the first cycle.</summary>
    public long T0 { get; }

    /// <summary>Growth factor of the cycle length.</summary>
    public long TMult { get; }

    /// <summary>Minimum value.</summary>
    public double EtaMin { get; }

    /// <summary>PyTorch's <c>(T_cur, T_i)</c> after <paramref name="step"/> steps: the position in the current cycle and its length.</summary>
    public (long TCur, long TI) CyclePosition(long step)
    {
        CheckStep(step);
        if (TMult == 1)
        {
            return (step % T0, T0);
        }

        long tCur = step, tI = T0;
        while (tCur >= tI)
        {
            tCur -= tI;
            tI = checked(tI * TMult);
        }

        return (tCur, tI);
    }

    /// <inheritdoc/>
    protected override double Evaluate(long step, double baseValue)
    {
        var (tCur, tI) = CyclePosition(step);
        return EtaMin + (baseValue - EtaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2;
    }

    /// <inheritdoc/>
    public override string ToString() => $"cosine_restarts:t_0={T0},t_mult={TMult},eta_min={Format(EtaMin)}";
}
