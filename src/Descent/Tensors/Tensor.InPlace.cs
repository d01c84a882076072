namespace Descent;

public sealed partial class Tensor
{
    /// <summary>Sets every element to zero in place (outside autograd).</summary>
    public void Clear()
    {
        if (DType == DType.Float32)
        {
            Span<float>().Clear();
        }
        else
        {
            Span<double>().Clear();
        }
    }

    /// <summary>Fills every element with <paramref name="value"/> in place (outside autograd).</summary>
    public void Fill(double value)
    {
        if (DType == DType.Float32)
        {
            Span<float>().Fill((float)value);
        }
        else
        {
            Span<double>().Fill(value);
        }
    }
}
