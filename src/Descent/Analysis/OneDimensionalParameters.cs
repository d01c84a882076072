namespace Descent.Analysis;

/// <summary>What filter normalisation does with parameters that have no filters: biases and batch-norm scales (rank ≤ 1).</summary>
public enum OneDimensionalParameters
{
    /// <summary>Zero the direction there, so biases and batch-norm parameters stay at their values (Li et al.'s
    /// <c>--xignore biasbn</c>, the setting of the paper's figures).</summary>
    Ignore,

    /// <summary>Use the parameter's own values as the direction (Li et al.'s code without <c>biasbn</c>: <c>d.copy_(w)</c>).</summary>
    CopyWeights,
}
