using Descent.NN;

namespace Descent.Tests.Tensors;

public sealed class LinearFusedTests
{
    public static TheoryData<FusedActivation, bool> Cases()
    {
        var data = new TheoryData<FusedActivation, bool>();
        foreach (var a in Enum.GetValues<FusedActivation>())
        {
            data.Add(a, true);
            data.Add(a, false);
        }

        return data;
    }

    private static (Tensor X, Tensor W, Tensor B) Float32Inputs(int n, int inF, int outF, ulong seed)
    {
        var rng = new Rng(seed);
        var x = Tensor.Zeros(n, inF);
        var w = Tensor.Zeros(outF, inF);
        var b = Tensor.Zeros(outF);
        rng.FillUniform(x.AsSpan<float>(), -2, 2);
        rng.FillUniform(w.AsSpan<float>(), -0.5, 0.5);
        rng.FillUniform(b.AsSpan<float>(), -1, 1);
        x.AsSpan<float>()[3] = 0; // exact zeros exercise the ReLU mask's edge
        return (x.RequireGrad(), w.RequireGrad(), b.RequireGrad());
    }

    private static void AssertBitwise(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToFloatArray();
        var a = actual.ToFloatArray();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(e[i]) == BitConverter.SingleToInt32Bits(a[i]), $"element {i}: expected {e[i]:R}, got {a[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Linear_Float32_ForwardAndGradientsBitIdenticalToUnfused(FusedActivation activation, bool withBias)
    {
        // 37 outputs: not a multiple of any vector width, so tails are covered; 300 rows × 37 cols crosses no thread grain.
        foreach (var (n, inF, outF) in new[] { (7, 13, 37), (300, 64, 130) })
        {
            var (x, w, b) = Float32Inputs(n, inF, outF, 11);
            var bias = withBias ? b : null;
            var seed = Tensor.Zeros(n, outF);
            new Rng(12).FillUniform(seed.AsSpan<float>(), -1, 1);

            var reference = Tensor.LinearUnfused(x, w, bias, activation);
            var refGrads = Descent.Autograd.Grad(reference, withBias ? [x, w, b] : [x, w], seed);
            var fused = Tensor.Linear(x, w, bias, activation);
            var grads = Descent.Autograd.Grad(fused, withBias ? [x, w, b] : [x, w], seed);

            AssertBitwise(reference, fused);
            for (int i = 0; i < grads.Length; i++)
            {
                AssertBitwise(refGrads[i], grads[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Linear_Float64_PassesFirstAndSecondOrderGradCheck(FusedActivation activation, bool withBias)
    {
        var x = TestUtil.RandomLeaf(1, 4, 3);
        var w = TestUtil.RandomLeaf(2, 5, 3);
        var b = TestUtil.RandomLeaf(3, 5);
        if (withBias)
        {
            TestUtil.AssertGradients(t => Tensor.Linear(t[0], t[1], t[2], activation), x, w, b);
        }
        else
        {
            TestUtil.AssertGradients(t => Tensor.Linear(t[0], t[1], null, activation), x, w);
        }
    }

    [Fact]
    public void Linear_RecordsOneFusedNode()
    {
        var (x, w, b) = Float32Inputs(2, 3, 4, 1);
        var y = Tensor.Linear(x, w, b, FusedActivation.Relu);
        Assert.Equal("linear_relu", y.Op);
    }

    [Fact]
    public void Linear_Rank3Input_EqualsUnfusedComposition()
    {
        var x = TestUtil.RandomLeaf(4, 2, 3, 4);
        var w = TestUtil.RandomLeaf(5, 6, 4);
        var b = TestUtil.RandomLeaf(6, 6);
        var y = Tensor.Linear(x, w, b, FusedActivation.Tanh);
        Assert.Equal(new Shape(2, 3, 6), y.Shape);
        TestUtil.AssertClose((Tensor.MatMul(x, w, transposeB: true) + b).Tanh().ToArray(), y.ToArray(), 0);
    }

    [Fact]
    public void Linear_MismatchedInnerDimension_ThrowsTheMatMulMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("inner dimensions differ", e.Message);
    }

    [Fact]
    public void Sequential_LinearThenActivation_RunsFusedWithUnfusedNumbers()
    {
        var rng = new Rng(8);
        var model = new Sequential(new Linear(13, 37, rng), new GELU(), new Linear(37, 20, rng), new ReLU(), new Linear(20, 5, rng));
        var (x, _, _) = Float32Inputs(9, 13, 1, 3);
        x = x.Detach();
        var layers = model.Layers;
        var y = model.Forward(x);
        var reference = layers[4].Forward(layers[3].Forward(layers[2].Forward(layers[1].Forward(layers[0].Forward(x)))));

        Assert.Equal("linear", y.Op);
        Assert.Equal("linear_relu", y.GradFn!.Inputs[0].Op);
        AssertBitwise(reference, y);
    }
}
