namespace Descent.Data;

/// <summary>Special batch sizes for <see cref="DataLoader"/>.</summary>
public static class BatchSize
{
    /// <summary>
    /// The whole data set in one batch: full-batch (classic) gradient descent, one update per epoch. The loader resolves it to
    /// the data set's size.
    /// </summary>
    public const int Full = -1;

    /// <summary>One sample per batch: stochastic gradient descent in the narrow sense, one update per sample.</summary>
    public const int Stochastic = 1;
}
