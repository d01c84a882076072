namespace Descent.Demo;

/// <summary>What a <see cref="LiveTrainingRace"/> is about to train, known once it is created (before the first update).</summary>
/// <param name="DataName">The data set's name (<c>moons</c>).</param>
/// <param name="DataSpec">The data set spec as given.</param>
/// <param name="ModelSpec">The model spec.</param>
/// <param name="ParameterCount">The model's trainable parameters.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="ValidationCount">Validation samples.</param>
/// <param name="ClassCount">Classes, or 0 for regression.</param>
/// <param name="LossName">The loss: <c>cross-entropy</c> or <c>mean-squared error</c>.</param>
/// <param name="Optimizers">The optimizer specs, one per run, in order.</param>
/// <param name="Epochs">Epochs per optimizer.</param>
/// <param name="BatchSize">Samples per update (at most the training set's size).</param>
/// <param name="BatchesPerEpoch">Updates per epoch.</param>
/// <param name="Seed">The seed of the initial weights, the shuffling and the validation split.</param>
/// <param name="TimeLimitSeconds">The wall-clock budget.</param>
public sealed record LiveRaceInfo(
    string DataName,
    string DataSpec,
    string ModelSpec,
    long ParameterCount,
    int TrainCount,
    int ValidationCount,
    int ClassCount,
    string LossName,
    IReadOnlyList<string> Optimizers,
    int Epochs,
    int BatchSize,
    int BatchesPerEpoch,
    ulong Seed,
    double TimeLimitSeconds)
{
    /// <summary>Whether the data has class labels (cross-entropy and accuracy) rather than real targets (mean-squared error).</summary>
    public bool Classification => ClassCount > 0;
}
