namespace Descent.Data;

/// <summary>How <see cref="CsvDatasetReader"/> reads a CSV file into a data set.</summary>
public sealed record CsvOptions
{
    /// <summary>The target column's header name (matched exactly, then ignoring case); null for the last column.</summary>
    public string? Target { get; init; }

    /// <summary>Whether the target holds classes or real values (default: <see cref="CsvTask.Auto"/>).</summary>
    public CsvTask Task { get; init; } = CsvTask.Auto;

    /// <summary>The field separator (default <c>,</c>); null detects it among <c>, ; \t |</c> from the first lines.</summary>
    public char? Separator { get; init; } = ',';

    /// <summary>The element type of the features and targets (default float32).</summary>
    public DType DType { get; init; } = DType.Float32;
}

/// <summary>What a CSV file's target column holds.</summary>
public enum CsvTask
{
    /// <summary>Classification when any target value is not a number, regression otherwise.</summary>
    Auto,

    /// <summary>Class labels: the distinct values, sorted (numerically when all are numbers), become classes 0, 1, ….</summary>
    Classification,

    /// <summary>Real-valued targets; every target value must be a number.</summary>
    Regression,
}
