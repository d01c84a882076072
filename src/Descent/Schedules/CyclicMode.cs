namespace Descent.Schedules;

/// <summary>How <see cref="CyclicSchedule"/> scales the amplitude of each cycle (PyTorch's <c>CyclicLR</c> modes).</summary>
public enum CyclicMode
{
    /// <summary>Constant amplitude: scale 1 (evaluated per cycle).</summary>
    Triangular,

    /// <summary>The amplitude halves every cycle: scale <c>1 / 2^(cycle − 1)</c>.</summary>
    Triangular2,

    /// <summary>The amplitude decays every step: scale <c>gamma^k</c> (evaluated per iteration).</summary>
    ExpRange,
}
