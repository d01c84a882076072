using Descent.NN;

namespace Descent.Tests.Tensors;

public sealed class TensorPoolTests
{
    [Fact]
    public void Scope_SameShapeInNextScope_ReusesTheArray()
    {
        Array first;
        using (TensorPool.Scope())
        {
            first = Tensor.Zeros(3, 5).Storage;
        }

        using (TensorPool.Scope())
        {
            Assert.Same(first, Tensor.Zeros(3, 5).Storage);
        }
    }

    [Fact]
    public void Scope_ReusedArray_IsZeroed()
    {
        using (TensorPool.Scope())
        {
            Tensor.Full(new Shape(4, 4), 7.0).Fill(9);
        }

        using (TensorPool.Scope())
        {
            Assert.All(Tensor.Zeros(4, 4).ToArray(), v => Assert.Equal(0.0, v));
        }
    }

    [Fact]
    public void Scope_TensorUsedAfterItsScope_Throws()
    {
        Tensor t;
        Tensor view;
        using (TensorPool.Scope())
        {
            t = Tensor.Ones(2, 3) * 2;
            view = t.Reshape(6);
        }

        Assert.True(t.IsReleased);
        var e = Assert.Throws<InvalidOperationException>(() => t.ToArray());
        Assert.Contains("TensorPool", e.Message);
        Assert.Throws<InvalidOperationException>(() => view.Item());
        Assert.Throws<InvalidOperationException>(() => _ = t + 1);
    }

    [Fact]
    public void Scope_TensorAllocatedOutside_IsNeverHandedOut()
    {
        var outside = Tensor.Full(new Shape(8), 3.0);
        for (int i = 0; i < 3; i++)
        {
            using (TensorPool.Scope())
            {
                var inside = Tensor.Zeros(8);
                Assert.NotSame(outside.Storage, inside.Storage);
                _ = outside * 2;
            }
        }

        Assert.False(outside.IsReleased);
        Assert.All(outside.ToArray(), v => Assert.Equal(3.0, v));
    }

    [Fact]
    public void Keep_KeptTensor_SurvivesAndIsNeverReused()
    {
        Tensor kept;
        using (TensorPool.Scope())
        {
            kept = TensorPool.Keep(Tensor.Full(new Shape(16), 5.0));
        }

        for (int i = 0; i < 3; i++)
        {
            using (TensorPool.Scope())
            {
                var fresh = Tensor.Full(new Shape(16), -1.0);
                Assert.NotSame(kept.Storage, fresh.Storage);
            }
        }

        Assert.All(kept.ToArray(), v => Assert.Equal(5.0, v));
    }

    [Fact]
    public void Clone_InsideScope_SurvivesTheScope()
    {
        Tensor copy;
        using (TensorPool.Scope())
        {
            copy = (Tensor.Ones(3) * 4).Detach().Clone();
        }

        Assert.False(copy.IsReleased);
        Assert.Equal([4.0, 4.0, 4.0], copy.ToArray());
    }

    [Fact]
    public void Suspend_TensorAllocatedWhileSuspended_IsNotPooled()
    {
        Tensor t;
        using (TensorPool.Scope())
        {
            using (TensorPool.Suspend())
            {
                t = Tensor.Ones(5);
            }
        }

        Assert.False(t.IsReleased);
        Assert.Equal(5.0, t.Sum().Item());
    }

    [Fact]
    public void Scope_InnerScopeStillOpen_DisposingOuterThrows()
    {
        var outer = TensorPool.Scope();
        var inner = TensorPool.Scope();
        try
        {
            Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        }
        finally
        {
            inner.Dispose();
            outer.Dispose();
        }
    }

    [Fact]
    public void Scope_Nested_InnerReleasesOnlyItsOwnTensors()
    {
        using (TensorPool.Scope())
        {
            var a = Tensor.Ones(4);
            Tensor b;
            using (TensorPool.Scope())
            {
                b = Tensor.Ones(4);
            }

            Assert.True(b.IsReleased);
            Assert.False(a.IsReleased);
            Assert.Equal(4.0, a.Sum().Item());
        }
    }

    [Fact]
    public void Scope_ManyRandomGraphs_NoLiveTensorSharesAnArrayWithAnother()
    {
        // Tensors that outlive their scopes (allocated outside, kept, cloned) are recorded with their values; across many
        // scopes of random ops, no array handed out inside a scope may be one of theirs, and their values never change.
        var rng = new Rng(5);
        var survivors = new List<(Tensor T, double[] Values)>();
        for (int round = 0; round < 30; round++)
        {
            survivors.Add((TestUtil.RandomLeaf((ulong)round, 3, 4), []));
            survivors[^1] = (survivors[^1].T, survivors[^1].T.ToArray());
            using (TensorPool.Scope())
            {
                var x = TestUtil.RandomLeaf(100 + (ulong)round, 3, 4);
                var y = (x * x).Tanh() + x.Exp().Mean(0, keepDim: true);
                y.Sum().Backward();
                var kept = rng.NextDouble() < 0.5 ? TensorPool.Keep(y) : y.Detach().Clone();
                survivors.Add((kept, kept.ToArray()));
                var live = new HashSet<Array>(survivors.Select(s => s.T.Storage), ReferenceEqualityComparer.Instance);
                for (int i = 0; i < 10; i++)
                {
                    Assert.DoesNotContain(Tensor.Zeros(3, 4).Storage, live);
                    Assert.DoesNotContain(Tensor.Zeros(1, 4).Storage, live);
                }
            }
        }

        foreach (var (t, values) in survivors)
        {
            Assert.Equal(values, t.ToArray());
        }
    }

    [Fact]
    public void Backward_InsideScope_LeafGradientsSurviveAndEqualUnpooled()
    {
        var model = new Sequential(new Linear(6, 8, new Rng(1)), new Tanh(), new Linear(8, 3, new Rng(2)));
        var x = TestUtil.RandomLeaf(3, 5, 6).Detach().To(DType.Float32);
        var target = Tensor.FromArray(new float[] { 0, 2, 1, 1, 0 }, 5);

        Losses.CrossEntropy(model.Forward(x), target).Backward();
        var expected = model.Parameters().Select(p => p.Grad!.ToFloatArray()).ToArray();
        model.ZeroGrad();
        using (TensorPool.Scope())
        {
            Losses.CrossEntropy(model.Forward(x), target).Backward();
        }

        using (TensorPool.Scope())
        {
            _ = Tensor.Full(new Shape(8, 6), 99.0);
        }

        Assert.Equal(expected, model.Parameters().Select(p => p.Grad!.ToFloatArray()).ToArray());
    }

    [Fact]
    public void Backward_InsideScope_ReturnsGradientTemporariesEarly()
    {
        // 30 tanh layers keep 30 activations alive until the scope ends; their backward creates about 90 temporaries of the
        // same size, which are handed back as soon as they are consumed, so only a handful of extra arrays are ever needed.
        var x = TestUtil.RandomLeaf(1, 64, 64);
        TensorPool.Trim();
        using (TensorPool.Scope())
        {
            var y = x;
            for (int i = 0; i < 30; i++)
            {
                y = y.Tanh();
            }

            y.Sum().Backward();
        }

        long arrays = TensorPool.CachedBytes / (64 * 64 * sizeof(double));
        Assert.InRange(arrays, 30, 36);
        TensorPool.Trim();
    }
}
