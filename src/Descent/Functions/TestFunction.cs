using System.Globalization;

namespace Descent.Functions;

/// <summary>
/// One of the classic optimisation test functions (<see cref="TestFunctions"/>), written with differentiable tensor ops (twice
/// differentiable wherever the formula is) and with a plain double form for grids.
/// </summary>
public sealed class TestFunction : IObjective
{
    private readonly Func<Tensor, Tensor> _tensor;
    private readonly ScalarForm _scalar;
    private readonly double[] _start;
    private readonly double[][] _minima;

    internal TestFunction(
        string name,
        int dimension,
        bool anyDimension,
        string formula,
        string description,
        Func<Tensor, Tensor> tensor,
        ScalarForm scalar,
        double[] start,
        double[][] minima,
        double? minimumValue,
        PlotRange? plotRange)
    {
        Name = name;
        Dimension = dimension;
        AnyDimension = anyDimension;
        Formula = formula;
        Description = description;
        _tensor = tensor;
        _scalar = scalar;
        _start = start;
        _minima = minima;
        MinimumValue = minimumValue;
        PlotRange = plotRange;
    }

    /// <summary>The double form of a test function; it receives exactly <see cref="Dimension"/> coordinates.</summary>
    internal delegate double ScalarForm(ReadOnlySpan<double> x);

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string Formula { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>Whether the function is defined in any dimension (pass one to <see cref="TestFunctions.Get"/>).</summary>
    public bool AnyDimension { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> DefaultStart => Array.AsReadOnly((double[])_start.Clone());

    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyList<double>> KnownMinima =>
        _minima.Select(m => (IReadOnlyList<double>)Array.AsReadOnly((double[])m.Clone())).ToArray();

    /// <inheritdoc/>
    public double? MinimumValue { get; }

    /// <inheritdoc/>
    public PlotRange? PlotRange { get; }

    /// <inheritdoc/>
    public Tensor Evaluate(Tensor point)
    {
        Objectives.CheckPoint(this, point);
        return _tensor(VectorSlicing.Slice(point, 0, Dimension));
    }

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> point)
    {
        Objectives.CheckPoint(this, point.Length);
        return _scalar(point[..Dimension]);
    }

    /// <summary>The name and, for functions of any dimension, the dimension: <c>rastrigin (5-D)</c>.</summary>
    public override string ToString() =>
        AnyDimension ? string.Create(CultureInfo.InvariantCulture, $"{Name} ({Dimension}-D)") : Name;
}
