namespace Descent.Analysis;

/// <summary>What the second-derivative test says about a point (lecture 001: the Hessian's eigenvalues tell the shape).</summary>
public enum CriticalPointKind
{
    /// <summary>The gradient does not vanish (its norm exceeds the tolerance): not a critical point at all.</summary>
    NotCritical,

    /// <summary>The gradient vanishes and every eigenvalue is positive: the surface curves up in every direction (a bowl).</summary>
    Minimum,

    /// <summary>The gradient vanishes and every eigenvalue is negative: a hilltop.</summary>
    Maximum,

    /// <summary>The gradient vanishes and eigenvalues have both signs: up along some directions, down along others.</summary>
    Saddle,

    /// <summary>
    /// The gradient vanishes, no eigenvalue is negative-and-positive at once, and some eigenvalue is zero (within tolerance): the
    /// second-order test decides nothing (x⁴, x³ and the monkey saddle all look like this at 0).
    /// </summary>
    Degenerate,
}

/// <summary>Text forms of <see cref="CriticalPointKind"/>.</summary>
public static class CriticalPointKinds
{
    /// <summary>The name used in JSON and on the command line: <c>minimum</c>, <c>maximum</c>, <c>saddle</c>, <c>degenerate</c>, <c>not-critical</c>.</summary>
    public static string ToText(this CriticalPointKind kind) => kind switch
    {
        CriticalPointKind.NotCritical => "not-critical",
        CriticalPointKind.Minimum => "minimum",
        CriticalPointKind.Maximum => "maximum",
        CriticalPointKind.Saddle => "saddle",
        CriticalPointKind.Degenerate => "degenerate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown critical-point kind"),
    };
}
