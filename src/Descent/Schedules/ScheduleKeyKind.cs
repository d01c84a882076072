namespace Descent.Schedules;

/// <summary>The type of a schedule spec key's value.</summary>
public enum ScheduleKeyKind
{
    /// <summary>A finite number in invariant culture (<c>0.1</c>, <c>1e-4</c>).</summary>
    Number,

    /// <summary>An integer (<c>30</c>; <c>1e4</c> is accepted when it is whole).</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Integers separated by <c>;</c> (<c>30;60;90</c>).</summary>
    IntegerList,

    /// <summary>One word from a fixed list.</summary>
    Choice,
}
