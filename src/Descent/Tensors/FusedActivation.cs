namespace Descent;

/// <summary>An activation that <see cref="Tensor.Linear"/> applies in the same pass as the bias (a fused epilogue).</summary>
public enum FusedActivation
{
    /// <summary>No activation: y = x·Wᵀ + b.</summary>
    None,

    /// <summary>max(z, 0), as <see cref="Tensor.Relu"/>.</summary>
    Relu,

    /// <summary>tanh z, as <see cref="Tensor.Tanh"/>.</summary>
    Tanh,

    /// <summary>1/(1 + e⁻ᶻ), as <see cref="Tensor.Sigmoid"/>.</summary>
    Sigmoid,

    /// <summary>z·Φ(z) (exact, erf-based), as <see cref="Tensor.Gelu"/>.</summary>
    Gelu,
}
