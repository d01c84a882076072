using Descent.Data;

namespace Descent.Training;

/// <summary>
/// Where a run stands, saved in every checkpoint so that <c>--resume</c> continues exactly: the epoch and global step, the data
/// loader's cursor, the state of every random generator the run uses, named scalars (best validation loss, patience counters…),
/// and the run's history and configuration as JSON.
/// </summary>
public sealed record TrainingProgress
{
    /// <summary>Completed epochs.</summary>
    public int Epoch { get; init; }

    /// <summary>Completed optimizer steps.</summary>
    public long GlobalStep { get; init; }

    /// <summary>The training loader's cursor (epoch, position), or null.</summary>
    public LoaderState? Loader { get; init; }

    /// <summary>Generator states by role (e.g. <c>dropout</c>).</summary>
    public Dictionary<string, RngState> Rngs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Named numbers the training loop needs to continue (early-stopping counters, best loss…).</summary>
    public Dictionary<string, double> Scalars { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The metrics history so far, as one JSON value (opaque to the checkpoint). Since checkpoint format 2 it is stored in
    /// <c>progress.json</c> as that value, not as an escaped string; format-1 checkpoints (a string) are still read.
    /// </summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(RawJsonStringConverter))]
    public string? HistoryJson { get; init; }

    /// <summary>The run's configuration, as JSON (opaque to the checkpoint).</summary>
    public string? ConfigJson { get; init; }
}
