namespace Descent.Analysis;

/// <summary>What <see cref="BatchSizeStudy.Run"/> trains and measures.</summary>
public sealed record BatchSizeStudyOptions
{
    /// <summary>The data spec (<see cref="Data.Datasets.Load"/>), e.g. <c>fashion-mnist:n=10000</c>; it needs a test split
    /// (MNIST-style sets have one; synthetic sets take <c>test=0.2</c>).</summary>
    public required string Data { get; init; }

    /// <summary>The model spec (<see cref="NN.ModelSpec"/>), e.g. <c>mlp:784-128-10</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The optimizer spec, e.g. <c>adam:lr=0.001</c>; the same for every batch size (no learning-rate scaling).</summary>
    public required string Optimizer { get; init; }

    /// <summary>The batch sizes to compare, e.g. 64 and 4096.</summary>
    public required IReadOnlyList<int> BatchSizes { get; init; }

    /// <summary>Epochs per run (the same for every batch size, so large batches take fewer steps).</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Seeds the initial weights (identical for every run) and the shuffling.</summary>
    public ulong Seed { get; init; }

    /// <summary>How many training samples (the first ones) the Hessian is measured on.</summary>
    public int HessianSamples { get; init; } = 2048;

    /// <summary>How many of the largest Hessian eigenvalues to estimate per run.</summary>
    public int TopEigenvalues { get; init; } = 3;

    /// <summary>Hutchinson probes for the Hessian trace per run; 0 skips the trace.</summary>
    public int TraceSamples { get; init; }

    /// <summary>Points on the line through the smallest- and largest-batch solutions (Keskar et al.'s Figure 3); 0 skips it.</summary>
    public int InterpolationPoints { get; init; } = 41;

    /// <summary>How many weight snapshots to take evenly along each run (besides the initial weights), for the PCA path plot.</summary>
    public int Snapshots { get; init; } = 20;

    /// <summary>
    /// Points per axis of each run's loss surface on the plane of its training path (Li et al. 2018, §7), evaluated on the
    /// Hessian samples; 0 skips it.
    /// </summary>
    public int PathLandscapeGrid { get; init; } = 21;

    /// <summary>
    /// Where to save each run's snapshots as checkpoints (<c>DIR/batch-B/step-*</c>, with the run's configuration), so that
    /// <c>descent sharpness</c> and <c>descent landscape --directions pca</c> can analyse them; null saves nothing.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Receives one line per finished stage (progress for the command line), or null.</summary>
    public Action<string>? Log { get; init; }
}
