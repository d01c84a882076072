namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it to the leaf's
    /// <see cref="Grad"/> (gradients accumulate across calls, as in PyTorch; zero them between steps).
    /// </summary>
    /// <param name="seed">∂L/∂this; required unless this tensor has exactly one element.</param>
    /// <param name="createGraph">Record the backward pass so the gradients can be differentiated again.</param>
    /// <exception cref="ArgumentException"><c>Backward() needs a scalar output or a seed gradient</c>.</exception>
    public void Backward(Tensor? seed = null, bool createGraph = false) => Autograd.RunBackward(this, seed, createGraph, null);
}
