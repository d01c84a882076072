namespace Descent.Training;

/// <summary>A copy of the parameters' values, to measure how far an update moved them (‖θ_t − θ_{t−1}‖₂), allocated once.</summary>
internal sealed class ParameterSnapshot
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly Array[] _copies;

    public ParameterSnapshot(IReadOnlyList<Tensor> parameters)
    {
        _parameters = parameters;
        _copies = new Array[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            _copies[i] = p.DType == DType.Float32 ? new float[p.Numel] : new double[p.Numel];
        }
    }

    public void Capture()
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.DType == DType.Float32)
            {
                p.Span<float>().CopyTo((float[])_copies[i]);
            }
            else
            {
                p.Span<double>().CopyTo((double[])_copies[i]);
            }
        }
    }

    /// <summary>Puts the captured values back.</summary>
    public void Restore()
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.DType == DType.Float32)
            {
                ((float[])_copies[i]).CopyTo(p.Span<float>());
            }
            else
            {
                ((double[])_copies[i]).CopyTo(p.Span<double>());
            }
        }
    }

    /// <summary>‖θ − θ_captured‖₂ in float64.</summary>
    public double Distance()
    {
        double sum = 0;
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.DType == DType.Float32)
            {
                var now = p.Span<float>();
                var before = (float[])_copies[i];
                for (int k = 0; k < now.Length; k++)
                {
                    double d = (double)now[k] - before[k];
                    sum += d * d;
                }
            }
            else
            {
                var now = p.Span<double>();
                var before = (double[])_copies[i];
                for (int k = 0; k < now.Length; k++)
                {
                    double d = now[k] - before[k];
                    sum += d * d;
                }
            }
        }

        return Math.Sqrt(sum);
    }
}
