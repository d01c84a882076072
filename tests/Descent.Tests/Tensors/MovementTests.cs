namespace Descent.Tests.Tensors;

/// <summary>Forward values, shapes and errors of Permute, Transpose, T/MT, Concat, Stack, Split and Chunk.</summary>
public class MovementTests
{
    private static Tensor A24(DType dtype = DType.Float32) => Tensor.Arange(24, dtype).Reshape(2, 3, 4);

    [Fact]
    public void Permute_Rank3_MatchesTorch()
    {
        // torch.arange(24.).reshape(2,3,4).permute(2,0,1)
        var p = A24().Permute(2, 0, 1);
        Assert.Equal(new Shape(4, 2, 3), p.Shape);
        Assert.Equal([0.0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23], p.ToArray());
    }

    [Fact]
    public void Transpose_OuterAxes_MatchesTorch()
    {
        // torch.arange(24.).reshape(2,3,4).transpose(0, 2)
        var t = A24(DType.Float64).Transpose(0, -1);
        Assert.Equal(new Shape(4, 3, 2), t.Shape);
        Assert.Equal([0.0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23], t.ToArray());
    }

    public static TheoryData<int[]> PermuteShapes => new()
    {
        new[] { 3, 5, 7 },
        new[] { 1, 33, 65 },
        new[] { 2, 1, 40, 3 },
        new[] { 4, 3, 2, 5 },
        new[] { 70, 1, 37 },
        new[] { 2, 3, 0 },
    };

    [Theory]
    [MemberData(nameof(PermuteShapes))]
    public void Permute_EveryPermutation_MatchesNaiveReference(int[] dims)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            CheckAllPermutations(Tensor.Arange(new Shape(dims).Numel, dtype).Reshape(dims));
        }
    }

    [Fact]
    public void Permute_LargeTransposeFloat64_MatchesNaiveReference()
    {
        var x = Tensor.Randn(new Shape(45, 2, 67), new Rng(5), DType.Float64);
        CheckAllPermutations(x);
    }

    private static void CheckAllPermutations(Tensor x)
    {
        var dims = x.Shape.ToArray();
        foreach (var perm in Permutations(dims.Length))
        {
            var expected = NaivePermute(x, perm);
            var actual = x.Permute(perm);
            Assert.Equal(new Shape(perm.Select(p => dims[p]).ToArray()), actual.Shape);
            Assert.True(expected.SequenceEqual(actual.ToArray()), $"permutation [{string.Join(", ", perm)}] of {Shape.Format(dims)} ({x.DType.Name()})");
        }
    }

    [Fact]
    public void Permute_LargeTranspose_MatchesNaiveReference()
    {
        // Large enough to split tiles over threads; odd sizes hit partial tiles.
        var x = Tensor.Randn(new Shape(3, 301, 517), new Rng(4));
        var t = x.Permute(0, 2, 1);
        var xv = x.ToArray();
        var tv = t.ToArray();
        for (int b = 0; b < 3; b++)
        {
            for (int i = 0; i < 301; i++)
            {
                for (int j = 0; j < 517; j++)
                {
                    Assert.Equal(xv[(((b * 301) + i) * 517) + j], tv[(((b * 517) + j) * 301) + i]);
                }
            }
        }
    }

    [Fact]
    public void Permute_Identity_ReturnsSameTensor()
    {
        var x = A24();
        Assert.Same(x, x.Permute(0, 1, 2));
        Assert.Same(x, x.Transpose(1, 1));
    }

    [Fact]
    public void Permute_RepeatedDimension_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => A24().Permute(0, 2, -1));
        Assert.Contains("permute: dimension -1 appears more than once in [0, 2, -1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permute_WrongCount_ThrowsNamingShape()
    {
        var e = Assert.Throws<ArgumentException>(() => A24().Permute(1, 0));
        Assert.Contains("permute: got 2 dimensions [1, 0] for a tensor of shape [2, 3, 4] (rank 3)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => A24().Permute(0, 1, 3));
    }

    [Fact]
    public void T_Matrix_Transposes()
    {
        var m = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new Shape(3, 2), m.T.Shape);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], m.T.ToArray());
        var v = Tensor.Zeros(5);
        Assert.Same(v, v.T);
    }

    [Fact]
    public void T_Rank3_ThrowsSuggestingMT()
    {
        var e = Assert.Throws<InvalidOperationException>(() => A24().T);
        Assert.Contains("MT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MT_TransposesLastTwoDimensions()
    {
        var t = A24().MT;
        Assert.Equal(new Shape(2, 4, 3), t.Shape);
        Assert.Equal(A24().Transpose(1, 2).ToArray(), t.ToArray());
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(3).MT);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Concat_MiddleAxis_JoinsBlocks(DType dtype)
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, new Shape(2, 2), dtype);
        var b = Tensor.FromArray(new[] { 5.0, 6, 7, 8, 9, 10 }, new Shape(2, 3), dtype);
        var c = Tensor.Concat([a, b], 1);
        Assert.Equal(new Shape(2, 5), c.Shape);
        Assert.Equal([1.0, 2, 5, 6, 7, 3, 4, 8, 9, 10], c.ToArray());
        Assert.Equal([1.0, 2, 3, 4, 1, 2, 3, 4], Tensor.Concat([a, a], -2).ToArray());
    }

    [Fact]
    public void Concat_LargeInputs_MatchPieces()
    {
        var a = Tensor.Randn(new Shape(300, 200), new Rng(1));
        var b = Tensor.Randn(new Shape(300, 150), new Rng(2));
        var c = Tensor.Concat([a, b], 1);
        Assert.Equal(a.ToArray(), c.Narrow(1, 0, 200).ToArray());
        Assert.Equal(b.ToArray(), c.Narrow(1, 200, 150).ToArray());
    }

    [Fact]
    public void Concat_ShapeMismatch_ThrowsNamingBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1));
        Assert.Contains("concat: tensor 1 has shape [3, 3] but tensor 0 has shape [2, 3]; all sizes must match except in dimension 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concat_DTypeMismatchOrEmptyList_Throws()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2), Tensor.Zeros(new Shape(2), DType.Float64)]));
        Assert.Throws<ArgumentException>(() => Tensor.Concat(Array.Empty<Tensor>()));
        Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Scalar(1), Tensor.Scalar(2)]));
    }

    [Fact]
    public void Stack_NewAxis_InterleavesAsTorch()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3 }, 3);
        var b = Tensor.FromArray(new[] { 4.0, 5, 6 }, 3);
        var s0 = Tensor.Stack([a, b]);
        var s1 = Tensor.Stack([a, b], -1);
        Assert.Equal(new Shape(2, 3), s0.Shape);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], s0.ToArray());
        Assert.Equal(new Shape(3, 2), s1.Shape);
        Assert.Equal([1.0, 4, 2, 5, 3, 6], s1.ToArray());
        Assert.Equal(new Shape(2), Tensor.Stack([Tensor.Scalar(1), Tensor.Scalar(2)]).Shape);
    }

    [Fact]
    public void Stack_ShapeMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Stack([Tensor.Zeros(3), Tensor.Zeros(4)]));
        Assert.Contains("stack: tensor 1 has shape [4] but tensor 0 has shape [3]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Stack([Tensor.Zeros(3)], 2));
    }

    [Fact]
    public void Split_BySize_LastPieceSmaller()
    {
        var parts = Tensor.Arange(7).Split(3);
        Assert.Equal(new[] { 3, 3, 1 }, parts.Select(p => p.Numel).ToArray());
        Assert.Equal([6.0], parts[2].ToArray());
    }

    [Fact]
    public void Split_BySizes_AlongAxis()
    {
        var parts = A24().Split([1, 3], dim: -1);
        Assert.Equal(new Shape(2, 3, 1), parts[0].Shape);
        Assert.Equal(new Shape(2, 3, 3), parts[1].Shape);
        Assert.Equal([1.0, 2, 3], parts[1].ToArray()[..3]);
        var e = Assert.Throws<ArgumentException>(() => A24().Split([1, 2], dim: 2));
        Assert.Contains("must be non-negative and add up to 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_FollowsTorchSizes()
    {
        // torch.arange(5).chunk(3) has sizes [2, 2, 1]; torch.arange(6).chunk(4) has sizes [2, 2, 2].
        Assert.Equal(new[] { 2, 2, 1 }, Tensor.Arange(5).Chunk(3).Select(p => p.Numel).ToArray());
        Assert.Equal(new[] { 2, 2, 2 }, Tensor.Arange(6).Chunk(4).Select(p => p.Numel).ToArray());
        Assert.Throws<ArgumentException>(() => Tensor.Arange(6).Chunk(0));
    }

    private static double[] NaivePermute(Tensor x, int[] perm)
    {
        var dims = x.Shape.ToArray();
        var outDims = perm.Select(p => dims[p]).ToArray();
        var inStrides = x.Shape.Strides();
        var v = x.ToArray();
        var r = new double[v.Length];
        var coord = new int[dims.Length];
        for (int flat = 0; flat < r.Length; flat++)
        {
            int rem = flat;
            for (int d = outDims.Length - 1; d >= 0; d--)
            {
                coord[d] = rem % outDims[d];
                rem /= outDims[d];
            }

            int src = 0;
            for (int d = 0; d < perm.Length; d++)
            {
                src += coord[d] * inStrides[perm[d]];
            }

            r[flat] = v[src];
        }

        return r;
    }

    private static IEnumerable<int[]> Permutations(int n)
    {
        if (n == 0)
        {
            yield return [];
            yield break;
        }

        foreach (var rest in Permutations(n - 1))
        {
            for (int pos = 0; pos <= rest.Length; pos++)
            {
                var p = rest.ToList();
                p.Insert(pos, n - 1);
                yield return [.. p];
            }
        }
    }
}
