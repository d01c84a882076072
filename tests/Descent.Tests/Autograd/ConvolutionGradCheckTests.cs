namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>First- and second-order checks of im2col/col2im, convolution and pooling.</summary>
public class ConvolutionGradCheckTests
{
    private static readonly Window2d K3 = new((3, 3), (1, 1), (0, 0), (1, 1));
    private static readonly Window2d K3Stride2Pad1 = new((3, 3), (2, 2), (1, 1), (1, 1));
    private static readonly Window2d K2Dilated = new((2, 2), (1, 1), (1, 0), (2, 1));

    [Fact]
    public void Im2Col_PassesGradCheck() => AssertGradients(x => Tensor.Im2Col(x[0], K3Stride2Pad1), RandomLeaf(1, 2, 2, 5, 4));

    [Fact]
    public void Im2Col_Dilated_PassesGradCheck() => AssertGradients(x => Tensor.Im2Col(x[0], K2Dilated), RandomLeaf(2, 1, 2, 4, 4));

    [Fact]
    public void Col2Im_PassesGradCheck()
    {
        var image = new Shape(1, 2, 4, 4);
        AssertGradients(x => Tensor.Col2Im(x[0], image, K3), RandomLeaf(3, 1, 18, 4));
    }

    [Fact]
    public void Conv2d_PassesGradCheckInInputWeightAndBias() =>
        AssertGradients(x => Tensor.Conv2d(x[0], x[1], x[2], K3Stride2Pad1), RandomLeaf(4, 2, 3, 5, 5), RandomLeaf(5, 2, 3, 3, 3), RandomLeaf(6, 2));

    [Fact]
    public void AvgPool2d_PassesGradCheck() => AssertGradients(x => Tensor.AvgPool2d(x[0], K3Stride2Pad1) * x[0].Mean(), RandomLeaf(7, 1, 2, 5, 5));

    [Fact]
    public void MaxPool2d_WithDistinctValues_PassesGradCheck()
    {
        // Distinct, well-separated values keep the arg-max fixed under the finite-difference perturbation.
        var v = new Rng(8).Permutation(2 * 16).Select(i => i * 0.37 - 5).ToArray();
        var x = Tensor.FromArray(v, new Shape(1, 2, 4, 4), DType.Float64).RequireGrad();
        AssertGradients(t => Tensor.MaxPool2d(t[0], new Window2d((2, 2), (2, 2), (0, 0), (1, 1))).Pow(2), x);
    }

    [Fact]
    public void Conv2d_MismatchedWeight_ThrowsNamingShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros(1, 3, 5, 5), Tensor.Zeros(2, 4, 3, 3), null, K3));
        Assert.Contains("weight [2, 4, 3, 3] does not fit input [1, 3, 5, 5]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Im2Col_InputTooSmall_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Im2Col(Tensor.Zeros(1, 1, 2, 2), K3));
        Assert.Contains("too small for kernel 3×3", e.Message, StringComparison.Ordinal);
    }
}
