namespace Descent.Data;

/// <summary>Which statistics a <see cref="Standardizer"/> keeps.</summary>
public enum StandardizeMode
{
    /// <summary>
    /// One mean and standard deviation per feature element (scikit-learn's <c>StandardScaler</c>): right for tabular data whose
    /// columns have different units.
    /// </summary>
    PerFeature,

    /// <summary>
    /// One mean and standard deviation per channel, the first dimension of the sample shape (torchvision's <c>Normalize</c> for
    /// <c>[C, H, W]</c> images). For a sample shape of rank 1 this is the same as <see cref="PerFeature"/>.
    /// </summary>
    PerChannel,

    /// <summary>One mean and standard deviation over every feature value (grey images: Fashion-MNIST's 0.2860 / 0.3530).</summary>
    Global,
}
