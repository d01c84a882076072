namespace Descent.Tests.Tensors;

/// <summary><c>Tensor.MatMul</c>: torch.matmul shape semantics, transpose flags, batching and errors.</summary>
public class MatMulTests
{
    [Fact]
    public void MatMul_2x3By3x2_GivesKnownProduct()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.FromArray(new double[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });
        var c = a.MatMul(b);
        Assert.Equal(new Shape(2, 2), c.Shape);
        Assert.Equal(new double[] { 58, 64, 139, 154 }, c.ToArray());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_TransposeFlags_MatchExplicitTranspose(bool ta, bool tb)
    {
        var a = Random(1, ta ? [5, 4] : [4, 5]);
        var b = Random(2, tb ? [3, 5] : [5, 3]);
        var c = Tensor.MatMul(a, b, ta, tb);
        var expected = Naive(ta ? Transpose(a) : a, tb ? Transpose(b) : b);
        Assert.Equal(new Shape(4, 3), c.Shape);
        TestUtil.AssertClose(expected.ToArray(), c.ToArray());
    }

    [Fact]
    public void MatMul_VectorDotVector_IsScalar()
    {
        var c = Tensor.MatMul(Tensor.FromArray([1.0, 2, 3]), Tensor.FromArray([4.0, 5, 6]));
        Assert.Equal(0, c.Rank);
        Assert.Equal(32, c.Item());
    }

    [Fact]
    public void MatMul_VectorTimesMatrix_DropsRowDimension()
    {
        var v = Tensor.FromArray([1.0, 2]);
        var m = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var c = v.MatMul(m);
        Assert.Equal(new Shape(3), c.Shape);
        Assert.Equal(new double[] { 9, 12, 15 }, c.ToArray());
    }

    [Fact]
    public void MatMul_MatrixTimesVector_DropsColumnDimension()
    {
        var m = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var c = m.MatMul(Tensor.FromArray([1.0, 0, -1]));
        Assert.Equal(new Shape(2), c.Shape);
        Assert.Equal(new double[] { -2, -2 }, c.ToArray());
    }

    [Fact]
    public void MatMul_VectorTimesBatch_BroadcastsVector()
    {
        var v = Random(1, 3);
        var b = Random(2, 2, 3, 4);
        var c = v.MatMul(b);
        Assert.Equal(new Shape(2, 4), c.Shape);
        for (int i = 0; i < 2; i++)
        {
            TestUtil.AssertClose(Naive(v.Reshape(1, 3), Slice(b, i)).ToArray(), Slice(c.Reshape(2, 1, 4), i).ToArray());
        }
    }

    [Fact]
    public void MatMul_BatchTimesVector_GivesBatchOfVectors()
    {
        var a = Random(1, 2, 5, 3);
        var c = a.MatMul(Random(2, 3));
        Assert.Equal(new Shape(2, 5), c.Shape);
    }

    [Fact]
    public void MatMul_BatchTimesMatrix_EqualsPerMatrixProducts()
    {
        var a = Random(1, 3, 4, 5);
        var b = Random(2, 5, 6);
        var c = a.MatMul(b);
        Assert.Equal(new Shape(3, 4, 6), c.Shape);
        for (int i = 0; i < 3; i++)
        {
            TestUtil.AssertClose(Naive(Slice(a, i), b).ToArray(), Slice(c, i).ToArray());
        }
    }

    [Fact]
    public void MatMul_MatrixTimesBatch_BroadcastsLeftOperand()
    {
        var a = Random(1, 4, 5);
        var b = Random(2, 3, 5, 6);
        var c = a.MatMul(b);
        Assert.Equal(new Shape(3, 4, 6), c.Shape);
        for (int i = 0; i < 3; i++)
        {
            TestUtil.AssertClose(Naive(a, Slice(b, i)).ToArray(), Slice(c, i).ToArray());
        }
    }

    [Fact]
    public void MatMul_BatchDimensionsBroadcast_FollowsNumPyRules()
    {
        var a = Random(1, 2, 1, 3, 4);
        var b = Random(2, 5, 4, 2);
        var c = a.MatMul(b);
        Assert.Equal(new Shape(2, 5, 3, 2), c.Shape);
        var aFlat = a.Reshape(2, 3, 4);
        var cFlat = c.Reshape(10, 3, 2);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                TestUtil.AssertClose(Naive(Slice(aFlat, i), Slice(b, j)).ToArray(), Slice(cFlat, (i * 5) + j).ToArray());
            }
        }
    }

    [Fact]
    public void MatMul_BatchedWithTransposeFlags_TransposesLastTwoDims()
    {
        var a = Random(1, 2, 5, 4); // used as [2, 4, 5]
        var b = Random(2, 2, 3, 5); // used as [2, 5, 3]
        var c = Tensor.MatMul(a, b, transposeA: true, transposeB: true);
        Assert.Equal(new Shape(2, 4, 3), c.Shape);
        for (int i = 0; i < 2; i++)
        {
            TestUtil.AssertClose(Naive(Transpose(Slice(a, i)), Transpose(Slice(b, i))).ToArray(), Slice(c, i).ToArray());
        }
    }

    [Fact]
    public void MatMul_ManySmallMatrices_MatchesPerMatrixProducts()
    {
        // 300 products of 8×8: small enough that whole matrices are spread over threads.
        var a = Random(1, 300, 8, 8);
        var b = Random(2, 300, 8, 8);
        var c = a.MatMul(b);
        foreach (int i in new[] { 0, 137, 299 })
        {
            TestUtil.AssertClose(Naive(Slice(a, i), Slice(b, i)).ToArray(), Slice(c, i).ToArray());
        }
    }

    [Fact]
    public void MatMul_Float32_AgreesWithFloat64()
    {
        var a = Random(1, 40, 70);
        var b = Random(2, 70, 30);
        var c64 = a.MatMul(b).ToArray();
        var c32 = a.To(DType.Float32).MatMul(b.To(DType.Float32));
        Assert.Equal(DType.Float32, c32.DType);
        TestUtil.AssertClose(c64, c32.ToArray(), 1e-5);
    }

    [Fact]
    public void MatMul_EmptyInnerDimension_GivesZeros()
    {
        var c = Tensor.Zeros(2, 0).MatMul(Tensor.Zeros(0, 3));
        Assert.Equal(new Shape(2, 3), c.Shape);
        Assert.All(c.ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void MatMul_EmptyRows_GivesEmptyResult() => Assert.Equal(new Shape(0, 4), Tensor.Zeros(0, 3).MatMul(Tensor.Zeros(3, 4)).Shape);

    [Fact]
    public void MatMul_InnerDimensionsDiffer_ThrowsWithShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)));
        Assert.Equal("matmul: inner dimensions differ ([2, 3] @ [4, 5])", ex.Message);
    }

    [Fact]
    public void MatMul_InnerDimensionsDifferWithFlag_NamesFlag()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5), transposeB: true));
        Assert.Equal("matmul: inner dimensions differ ([2, 3] @ [4, 5]) with transposeB (3 vs 5)", ex.Message);
    }

    [Fact]
    public void MatMul_VectorLengthsDiffer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(4)));
        Assert.Equal("matmul: inner dimensions differ ([3] @ [4])", ex.Message);
    }

    [Fact]
    public void MatMul_DTypesDiffer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 2).MatMul(Tensor.Zeros(new Shape(2, 2), DType.Float64)));
        Assert.Contains("matmul: dtypes differ (float32 and float64)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_ScalarOperand_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Scalar(2).MatMul(Tensor.Zeros(2)));
        Assert.Contains("at least one dimension", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_TransposeFlagOnVector_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(3), Tensor.Zeros(3, 2), transposeA: true));
        Assert.Contains("transposeA needs an operand with at least 2 dimensions, got shape [3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_BatchDimensionsIncompatible_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3, 4).MatMul(Tensor.Zeros(3, 4, 5)));
        Assert.Equal("matmul: batch dimensions [2] and [3] do not broadcast ([2, 3, 4] @ [3, 4, 5])", ex.Message);
    }

    [Fact]
    public void MatMul_WithoutGrad_RecordsNothing()
    {
        var c = Random(1, 2, 3).MatMul(Random(2, 3, 2));
        Assert.True(c.IsLeaf);
    }

    [Fact]
    public void MatMul_InputRequiresGrad_RecordsMatMulNode()
    {
        var c = Random(1, 2, 3).RequireGrad().MatMul(Random(2, 3, 2));
        Assert.Equal("matmul", c.Op);
    }

    private static Tensor Random(ulong seed, params int[] shape) => Tensor.Randn(new Shape(shape), new Rng(seed), DType.Float64);

    private static Tensor Slice(Tensor x, int i)
    {
        int rows = x.Shape[-2], cols = x.Shape[-1];
        return Tensor.FromArray(x.ToArray().AsSpan(i * rows * cols, rows * cols).ToArray(), new Shape(rows, cols), DType.Float64);
    }

    private static Tensor Transpose(Tensor x)
    {
        int rows = x.Shape[0], cols = x.Shape[1];
        var v = x.ToArray();
        var t = new double[v.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = v[(i * cols) + j];
            }
        }

        return Tensor.FromArray(t, new Shape(cols, rows), DType.Float64);
    }

    private static Tensor Naive(Tensor a, Tensor b)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var av = a.ToArray();
        var bv = b.ToArray();
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += av[(i * k) + p] * bv[(p * n) + j];
                }

                c[(i * n) + j] = s;
            }
        }

        return Tensor.FromArray(c, new Shape(m, n), DType.Float64);
    }
}
