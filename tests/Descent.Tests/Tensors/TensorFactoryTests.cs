using System.Globalization;

namespace Descent.Tests.Tensors;

public class TensorFactoryTests
{
    [Fact]
    public void FromArray_WrongLength_ThrowsNamingShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1f, 2f, 3f }, 2, 2));
        Assert.Equal("Data has 3 elements but shape [2, 2] needs 4", e.Message);
    }

    [Fact]
    public void FromArray_CopiesData()
    {
        var data = new[] { 1.0, 2.0 };
        var t = Tensor.FromArray(data, 2);
        data[0] = 99;
        Assert.Equal(1.0, t[0]);
    }

    [Fact]
    public void Arange_MatchesTorchLength()
    {
        Assert.Equal([0.0, 0.5, 1.0, 1.5], Tensor.Arange(0, 2, 0.5, DType.Float64).ToArray());
        Assert.Equal(3, Tensor.Arange(3).Numel);
    }

    [Fact]
    public void Arange_WrongSignStep_Throws()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1, -1));
    }

    [Fact]
    public void Linspace_EndsExactlyAtEnd()
    {
        var t = Tensor.Linspace(-1, 1, 7, DType.Float64).ToArray();
        Assert.Equal(-1.0, t[0]);
        Assert.Equal(1.0, t[^1]);
        Assert.Equal(0.0, t[3], 15);
    }

    [Fact]
    public void Eye_HasOnesOnDiagonal()
    {
        var e = Tensor.Eye(2, 3, DType.Float64);
        Assert.Equal([1.0, 0, 0, 0, 1, 0], e.ToArray());
    }

    [Fact]
    public void Full_ZerosOnes_HaveRequestedDType()
    {
        Assert.Equal(DType.Float64, Tensor.Ones(new Shape(2), DType.Float64).DType);
        Assert.Equal(DType.Float32, Tensor.Zeros(2, 3).DType);
        Assert.All(Tensor.Full(new Shape(4), 2.5).ToArray(), v => Assert.Equal(2.5, v));
    }

    [Fact]
    public void Uniform_SameSeed_SameValues()
    {
        var a = Tensor.Uniform(new Shape(10), new Rng(1), -1, 1);
        var b = Tensor.Uniform(new Shape(10), new Rng(1), -1, 1);
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.All(a.ToArray(), v => Assert.InRange(v, -1, 1));
    }

    [Fact]
    public void Bernoulli_ProbabilityOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Bernoulli(new Shape(3), 1.5, new Rng(0)));
    }

    [Fact]
    public void Bernoulli_ProducesZerosAndOnesAtRoughlyP()
    {
        var v = Tensor.Bernoulli(new Shape(10_000), 0.3, new Rng(2)).ToArray();
        Assert.All(v, x => Assert.True(x is 0 or 1));
        Assert.InRange(v.Average(), 0.28, 0.32);
    }

    [Fact]
    public void Item_OnMultiElementTensor_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
        Assert.Contains("[2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_UsesInvariantCultureUnderGermanCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var t = Tensor.FromArray(new[] { 1.5, -2.25 }, 2);
            Assert.Equal("tensor([1.5, -2.25], float64)", t.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ToString_ElidesLongDimensions()
    {
        var s = Tensor.Arange(10).ToString();
        Assert.Equal("tensor([0, 1, 2, ..., 7, 8, 9], float32)", s);
    }

    [Fact]
    public void To_ConvertsAndGradientFlowsBack()
    {
        var x = Tensor.FromArray(new[] { 1.5f, 2f }, 2).RequireGrad();
        var y = x.To(DType.Float64);
        Assert.Equal(DType.Float64, y.DType);
        (y * y).Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
        Assert.Equal([3.0, 4.0], x.Grad.ToArray());
    }

    [Fact]
    public void AsSpan_WrongElementType_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).AsSpan<double>().Length);
    }

    [Fact]
    public void Reshape_IsAViewSharingStorage()
    {
        var x = Tensor.Zeros(2, 3);
        var v = x.Reshape(3, -1);
        v.AsSpan<float>()[0] = 7;
        Assert.Equal(7.0, x[0]);
        Assert.Equal(new Shape(3, 2), v.Shape);
    }

    [Fact]
    public void Reshape_WrongCount_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, -1));
        Assert.Equal("Cannot reshape tensor of shape [2, 3] (6 elements) to [4, -1]", e.Message);
    }

    [Fact]
    public void Mixing_DTypes_ThrowsWithFix()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2) + Tensor.Zeros(new Shape(2), DType.Float64));
        Assert.Contains("dtypes differ (float32 and float64)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_NegativeDimension_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Shape(2, -1));
    }
}
