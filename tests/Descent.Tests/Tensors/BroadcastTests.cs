namespace Descent.Tests.Tensors;

public class BroadcastTests
{
    [Fact]
    public void Add_RowAndColumn_BroadcastsToMatrix()
    {
        var col = Tensor.FromArray([1.0, 2.0], 2, 1);
        var row = Tensor.FromArray([10.0, 20.0, 30.0], 3);
        var r = col + row;
        Assert.Equal(new Shape(2, 3), r.Shape);
        Assert.Equal([11.0, 21.0, 31.0, 12.0, 22.0, 32.0], r.ToArray());
    }

    [Fact]
    public void Mul_MiddleDimensionBroadcast_MatchesLoop()
    {
        var a = Tensor.Arange(24, DType.Float64).Reshape(2, 3, 4);
        var b = Tensor.Arange(8, DType.Float64).Reshape(2, 1, 4);
        var r = a * b;
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    Assert.Equal(a.At(i, j, k) * b.At(i, 0, k), r.At(i, j, k));
                }
            }
        }
    }

    [Fact]
    public void Add_IncompatibleShapes_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 4) + Tensor.Zeros(5));
        Assert.Equal("Cannot broadcast shapes [3, 4] and [5]", e.Message);
    }

    [Fact]
    public void Add_LargeTensors_UsesThreadsAndMatchesSerialSum()
    {
        var rng = new Rng(7);
        var a = Tensor.Rand(new Shape(300_000), rng);
        var b = Tensor.Rand(new Shape(300_000), rng);
        var r = a + b;
        for (int i = 0; i < a.Numel; i += 997)
        {
            Assert.Equal((float)a[i] + (float)b[i], (float)r[i]);
        }
    }
}
