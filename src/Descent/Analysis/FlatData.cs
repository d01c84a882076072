namespace Descent.Analysis;

/// <summary>Copies between tensors of either dtype and flat double spans (the analysis works in double precision throughout).</summary>
internal static class FlatData
{
    public static void Read(Tensor tensor, Span<double> destination)
    {
        if (tensor.DType == DType.Float64)
        {
            tensor.Span<double>().CopyTo(destination);
            return;
        }

        var source = tensor.Span<float>();
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    public static void Write(ReadOnlySpan<double> source, Tensor tensor)
    {
        if (tensor.DType == DType.Float64)
        {
            source.CopyTo(tensor.Span<double>());
            return;
        }

        var destination = tensor.Span<float>();
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }

    public static Tensor ToTensor(ReadOnlySpan<double> source, Shape shape, DType dtype)
    {
        var t = Tensor.Empty(shape, dtype);
        Write(source, t);
        return t;
    }
}
