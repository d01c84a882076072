namespace Descent.Tests.Tensors;

public sealed class MaxPoolFastPathTests
{
    private static readonly Window2d TwoByTwo = new((2, 2), (2, 2), (0, 0), (1, 1));

    [Fact]
    public void MaxPool2x2_OddSizeWithTiesAndNaN_PicksTheFirstMaximumAndRoutesTheGradientThere()
    {
        // 1 × 1 × 5 × 5: the last row and column are outside every window.
        double[] values =
        [
            1, 3, 2, 2, 9,
            3, 0, 2, 2, 9,
            -1, -2, 5, double.NaN, 9,
            -3, -1, double.NaN, 7, 9,
            9, 9, 9, 9, 9,
        ];
        var x = Tensor.FromArray(values, new Shape(1, 1, 5, 5), DType.Float32).RequireGrad();
        var y = Tensor.MaxPool2d(x, TwoByTwo);
        Assert.Equal(new Shape(1, 1, 2, 2), y.Shape);
        var v = y.ToArray();
        Assert.Equal(3.0, v[0]);
        Assert.Equal(2.0, v[1]);
        Assert.Equal(-1.0, v[2]);
        Assert.True(double.IsNaN(v[3]));

        y.Sum().Backward();
        var g = x.Grad!.ToArray();
        var expected = new double[25];
        expected[1] = 1; // 3 at (0, 1) comes before the tie at (1, 0)
        expected[2] = 1; // the first 2 of the window
        expected[10] = 1; // -1
        expected[13] = 1; // the first NaN
        Assert.Equal(expected, g);
    }

    [Fact]
    public void MaxPool2x2_RandomInput_EqualsEachWindowsMaximum()
    {
        // Against each window's maximum computed directly.
        var x = TestUtil.RandomLeaf(3, 2, 3, 8, 6);
        var y = Tensor.MaxPool2d(x, TwoByTwo).ToArray();
        var xs = x.ToArray();
        int k = 0;
        for (int p = 0; p < 6; p++)
        {
            for (int oy = 0; oy < 4; oy++)
            {
                for (int ox = 0; ox < 3; ox++)
                {
                    int i0 = (p * 48) + (2 * oy * 6) + (2 * ox);
                    double m = Math.Max(Math.Max(xs[i0], xs[i0 + 1]), Math.Max(xs[i0 + 6], xs[i0 + 7]));
                    Assert.Equal(m, y[k++]);
                }
            }
        }
    }

    [Fact]
    public void MaxPool2x2_SignedZerosAndInfinities_KeepsTheFirstOfEqualValues()
    {
        double[] values =
        [
            -0.0, 0.0, double.NegativeInfinity, double.PositiveInfinity,
            0.0, -0.0, double.PositiveInfinity, 1,
        ];
        var x = Tensor.FromArray(values, new Shape(1, 1, 2, 4), DType.Float32).RequireGrad();
        var y = Tensor.MaxPool2d(x, TwoByTwo);
        Assert.True(double.IsNegative(y[0]) && y[0] == 0); // -0 came first among the equal zeros
        Assert.Equal(double.PositiveInfinity, y[1]);
        y.Sum().Backward();
        Assert.Equal([1.0, 0, 0, 1, 0, 0, 0, 0], x.Grad!.ToArray());
    }
}
