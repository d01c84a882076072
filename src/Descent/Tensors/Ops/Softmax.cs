using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) along <paramref name="axis"/>, m the maximum along the axis.
    /// ∂/∂x = y·(g − Σ g·y), y the result.
    /// </summary>
    /// <remarks>
    /// As <c>torch.softmax(x, dim)</c>. Subtracting the maximum keeps every exponent ≤ 0, so rows such as [1000, −1000] stay
    /// finite; a row that is all −∞ or holds +∞ gives NaN, as in torch. The forward pass is one fused kernel per row
    /// (TensorPrimitives max, exp, sum, scale) and rows run in parallel. The backward pass is a fused kernel recorded as a
    /// differentiable op of (g, y), so double backward works.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    public Tensor Softmax(int axis)
    {
        int a = ResolveAxis(axis, "softmax");
        if (Rank == 0)
        {
            return Reshape(1).Softmax(0).Reshape();
        }

        var y = SoftmaxKernels.Forward(this, a, log: false);
        return Autograd.Record(y, "softmax", [this], g => [SoftmaxBackward(g, y, a)]);
    }

    /// <summary>
    /// log_softmax(x)ᵢ = (xᵢ − m) − log Σⱼ exp(xⱼ − m) along <paramref name="axis"/>, m the maximum along the axis.
    /// ∂/∂x = g − softmax(x)·Σ g.
    /// </summary>
    /// <remarks>
    /// As <c>torch.log_softmax(x, dim)</c>: more accurate than <c>Softmax(axis).Log()</c> (no underflow to log 0), and entries of
    /// −∞ give −∞ with gradient g. The forward pass is one fused kernel per row; the backward pass is a fused kernel recorded as a
    /// differentiable op, so double backward works.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    public Tensor LogSoftmax(int axis)
    {
        int a = ResolveAxis(axis, "log_softmax");
        if (Rank == 0)
        {
            return Reshape(1).LogSoftmax(0).Reshape();
        }

        var y = SoftmaxKernels.Forward(this, a, log: true);
        return Autograd.Record(y, "log_softmax", [this], g => [LogSoftmaxBackward(g, y, a)]);
    }

    /// <summary>
    /// y·(g − Σ g·y) along the axis, the softmax vector-Jacobian product, as a recorded op of g and y. For an upstream u:
    /// ∂/∂g = y·(u − Σ u·y) (the same map) and ∂/∂y = u·(g − Σ g·y) − g·Σ u·y.
    /// </summary>
    private static Tensor SoftmaxBackward(Tensor g, Tensor y, int axis)
    {
        g = MatchDType(g, y);
        var r = SoftmaxKernels.Backward(g, y, axis, log: false);
        return Autograd.Record(r, "softmax_backward", [g, y], u =>
        [
            SoftmaxBackward(u, y, axis),
            (u * (g - (g * y).Sum(axis, keepDim: true))) - (g * (u * y).Sum(axis, keepDim: true)),
        ]);
    }

    /// <summary>
    /// g − exp(y)·Σ g along the axis, the log-softmax vector-Jacobian product, as a recorded op of g and y. For an upstream u:
    /// ∂/∂g = u − Σ u·exp(y) and ∂/∂y = −u·exp(y)·Σ g.
    /// </summary>
    private static Tensor LogSoftmaxBackward(Tensor g, Tensor y, int axis)
    {
        g = MatchDType(g, y);
        var r = SoftmaxKernels.Backward(g, y, axis, log: true);
        return Autograd.Record(r, "log_softmax_backward", [g, y], u =>
        {
            var up = u * y.Exp();
            return [u - up.Sum(axis, keepDim: true), -up * g.Sum(axis, keepDim: true)];
        });
    }

    private static Tensor MatchDType(Tensor g, Tensor like) => g.DType == like.DType ? g : g.To(like.DType);
}
