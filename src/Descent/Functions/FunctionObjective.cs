namespace Descent.Functions;

/// <summary>A C# function of a tensor, wrapped as an objective by <see cref="Objectives.FromFunction"/>.</summary>
internal sealed class FunctionObjective : IObjective
{
    private readonly Func<Tensor, Tensor> _evaluate;
    private readonly double[] _start;
    private readonly double[][] _minima;

    public FunctionObjective(string name, int dimension, Func<Tensor, Tensor> evaluate, double[] start, double[][] minima, double? minimumValue, PlotRange? plotRange)
    {
        Name = name;
        Dimension = dimension;
        _evaluate = evaluate;
        _start = start;
        _minima = minima;
        MinimumValue = minimumValue;
        PlotRange = plotRange;
    }

    public string Name { get; }

    public string Formula => Name;

    public string Description => "User-supplied function";

    public int Dimension { get; }

    public IReadOnlyList<double> DefaultStart => Array.AsReadOnly((double[])_start.Clone());

    public IReadOnlyList<IReadOnlyList<double>> KnownMinima => _minima.Select(m => (IReadOnlyList<double>)Array.AsReadOnly((double[])m.Clone())).ToArray();

    public double? MinimumValue { get; }

    public PlotRange? PlotRange { get; }

    public Tensor Evaluate(Tensor point)
    {
        Objectives.CheckPoint(this, point);
        var y = _evaluate(VectorSlicing.Slice(point, 0, Dimension));
        if (y.Numel != 1)
        {
            throw new InvalidOperationException($"{Name}: the function returned shape {y.Shape}; it must return a single value");
        }

        return y.Rank == 0 ? y : y.Reshape();
    }

    public double Value(ReadOnlySpan<double> point)
    {
        Objectives.CheckPoint(this, point.Length);
        using var _ = Autograd.NoGrad();
        return _evaluate(Tensor.FromArray(point[..Dimension].ToArray(), Dimension)).Item();
    }
}
