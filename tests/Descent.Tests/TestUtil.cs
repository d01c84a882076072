namespace Descent.Tests;

/// <summary>Shared helpers for tests.</summary>
internal static class TestUtil
{
    /// <summary>A float64 tensor that requires grad, filled with seeded normal values.</summary>
    public static Tensor RandomLeaf(ulong seed, params int[] shape) =>
        Tensor.Randn(new Shape(shape), new Rng(seed), DType.Float64).RequireGrad();

    /// <summary>A float64 tensor that requires grad, with values bounded away from zero (for log, sqrt, division).</summary>
    public static Tensor PositiveLeaf(ulong seed, params int[] shape) =>
        Tensor.Uniform(new Shape(shape), new Rng(seed), 0.5, 2.0, DType.Float64).RequireGrad();

    /// <summary>Asserts both first- and second-order gradient checks pass.</summary>
    public static void AssertGradients(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var first = GradCheck.Check(f, inputs);
        Assert.True(first.Passed, first.Message);
        var second = GradCheck.CheckSecondOrder(f, inputs);
        Assert.True(second.Passed, second.Message);
    }

    /// <summary>Asserts two arrays agree elementwise within an absolute tolerance.</summary>
    public static void AssertClose(double[] expected, double[] actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    /// <summary>The directory holding committed fixtures (copied next to the test assembly).</summary>
    public static string FixturePath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);
}
