namespace Descent.Data;

/// <summary>
/// The three ways of batching gradient descent that the lectures compare: how many samples each update sees.
/// </summary>
/// <remarks>
/// Full-batch GD makes one update per epoch from the exact gradient; stochastic GD one update per sample from a very noisy one;
/// mini-batch SGD (what "SGD" usually means in practice) one update per batch of k samples. With n samples an epoch has
/// 1, n and ⌈n/k⌉ steps respectively (3,200 samples at k = 32 give 100 steps).
/// </remarks>
public enum BatchRegime
{
    /// <summary>Every batch is the whole training set (batch size = n).</summary>
    FullBatch,

    /// <summary>Every batch is a single sample (batch size 1).</summary>
    Stochastic,

    /// <summary>Batches of k samples, 1 &lt; k &lt; n.</summary>
    MiniBatch,
}
