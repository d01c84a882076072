using System.Globalization;

namespace Descent.Schedules;

/// <summary>Shared pieces of the TensorFlow 1 decays.</summary>
internal static class DecaySchedules
{
    /// <summary><c>p = k / decay_steps</c>, floored when <paramref name="staircase"/>.</summary>
    public static double Progress(long step, double decaySteps, bool staircase)
    {
        double p = step / decaySteps;
        return staircase ? Math.Floor(p) : p;
    }

    public static void CheckDecaySteps(double decaySteps)
    {
        if (!(decaySteps > 0) || double.IsInfinity(decaySteps))
        {
            throw new ArgumentException($"Argument `decay_steps` must be > 0. Received: decay_steps={decaySteps.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    public static void CheckNonNegativeRate(double decayRate)
    {
        if (!(decayRate >= 0) || double.IsInfinity(decayRate))
        {
            throw new ArgumentException($"Argument `decay_rate` must be >= 0. Received: decay_rate={decayRate.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }
}
