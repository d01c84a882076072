namespace Descent.Tests.Autograd;

public class AutogradTests
{
    [Fact]
    public void Backward_OfProduct_GivesOtherFactor()
    {
        var a = Tensor.FromArray([2.0], 1).RequireGrad();
        var b = Tensor.FromArray([3.0], 1).RequireGrad();
        (a * b).Sum().Backward();
        Assert.Equal(3.0, a.Grad!.Item());
        Assert.Equal(2.0, b.Grad!.Item());
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesGradients()
    {
        var x = Tensor.FromArray([1.0, 2.0], 2).RequireGrad();
        (x * x).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.Equal([4.0, 8.0], x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_OnNonScalarWithoutSeed_ThrowsWithClearMessage()
    {
        var x = Tensor.FromArray([1.0, 2.0], 2).RequireGrad();
        var e = Assert.Throws<ArgumentException>(() => (x * 2.0).Backward());
        Assert.StartsWith("Backward() needs a scalar output or a seed gradient", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backward_WithSeed_UsesSeedAsOutputGradient()
    {
        var x = Tensor.FromArray([1.0, 2.0], 2).RequireGrad();
        (x * 3.0).Backward(Tensor.FromArray([1.0, 10.0], 2));
        Assert.Equal([3.0, 30.0], x.Grad!.ToArray());
    }

    [Fact]
    public void Backward_ThroughSharedSubexpression_SumsBothPaths()
    {
        var x = Tensor.FromArray([3.0], 1).RequireGrad();
        var y = x * x;
        (y + y * x).Sum().Backward(); // d/dx (x² + x³) = 2x + 3x²
        Assert.Equal(6.0 + 27.0, x.Grad!.Item());
    }

    [Fact]
    public void Backward_OnChainOf100kOps_DoesNotOverflowStack()
    {
        var x = Tensor.FromArray([1.0], 1).RequireGrad();
        var y = x;
        for (int i = 0; i < 100_000; i++)
        {
            y = y * 1.0;
        }

        y.Sum().Backward();
        Assert.Equal(1.0, x.Grad!.Item());
    }

    [Fact]
    public void NoGrad_Scope_RecordsNothing()
    {
        var x = Tensor.FromArray([1.0], 1).RequireGrad();
        Tensor y;
        using (Descent.Autograd.NoGrad())
        {
            y = x * 2.0;
        }

        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
    }

    [Fact]
    public void Detach_CutsTheGraph()
    {
        var x = Tensor.FromArray([2.0], 1).RequireGrad();
        var y = (x * x).Detach() * x;
        y.Sum().Backward();
        Assert.Equal(4.0, x.Grad!.Item());
    }

    [Fact]
    public void Grad_Functional_DoesNotTouchLeafGrad()
    {
        var x = Tensor.FromArray([2.0], 1).RequireGrad();
        var g = Descent.Autograd.Grad((x * x * x).Sum(), [x]);
        Assert.Equal(12.0, g[0].Item());
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Grad_WithCreateGraph_GivesSecondDerivative()
    {
        var x = Tensor.FromArray([2.0], 1).RequireGrad();
        var g = Descent.Autograd.Grad((x * x * x).Sum(), [x], createGraph: true);
        var h = Descent.Autograd.Grad(g[0].Sum(), [x]);
        Assert.Equal(12.0, h[0].Item()); // d²/dx² x³ = 6x
    }

    [Fact]
    public void Grad_OfUnusedInput_ThrowsUnlessAllowed()
    {
        var x = Tensor.FromArray([2.0], 1).RequireGrad();
        var y = Tensor.FromArray([2.0], 1).RequireGrad();
        Assert.Throws<ArgumentException>(() => Descent.Autograd.Grad((x * 2.0).Sum(), [y]));
        var g = Descent.Autograd.Grad((x * 2.0).Sum(), [x, y], allowUnused: true);
        Assert.Equal(0.0, g[1].Item());
    }

    [Fact]
    public void Broadcast_Gradient_IsSummedToInputShape()
    {
        var a = Tensor.Ones(new Shape(3, 4), DType.Float64).RequireGrad();
        var b = Tensor.Ones(new Shape(4), DType.Float64).RequireGrad();
        (a * b).Sum().Backward();
        Assert.Equal(new Shape(4), b.Grad!.Shape);
        Assert.Equal([3.0, 3.0, 3.0, 3.0], b.Grad.ToArray());
    }
}
