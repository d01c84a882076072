namespace Descent.Functions;

/// <summary>
/// A scalar function of a point in ℝⁿ that can be minimised, plotted and differentiated: a named test function
/// (<see cref="TestFunctions"/>), a parsed <see cref="Expression"/>, or a C# function wrapped by <see cref="Objectives.FromFunction"/>.
/// </summary>
/// <remarks>
/// Gradients and Hessians come from autograd through <see cref="Evaluate"/>; see <see cref="Objectives.Gradient"/> and
/// <see cref="Objectives.Hessian"/>. <see cref="Value"/> is a plain double path for evaluating many points (contour grids).
/// </remarks>
public interface IObjective
{
    /// <summary>A short name: the test function's name (<c>rosenbrock</c>) or the expression's canonical text.</summary>
    string Name { get; }

    /// <summary>The formula in readable Unicode, such as <c>(1 − x)² + 100(y − x²)²</c>.</summary>
    string Formula { get; }

    /// <summary>One line on what the function shows.</summary>
    string Description { get; }

    /// <summary>The number of coordinates the function reads. Points may be longer; later coordinates are ignored.</summary>
    int Dimension { get; }

    /// <summary>Where optimisation starts when no start point is given (<see cref="Dimension"/> coordinates).</summary>
    IReadOnlyList<double> DefaultStart { get; }

    /// <summary>The global minimisers, each with <see cref="Dimension"/> coordinates; empty when unknown or when there is no minimum.</summary>
    IReadOnlyList<IReadOnlyList<double>> KnownMinima { get; }

    /// <summary>The global minimum value, or null when unknown or unbounded below.</summary>
    double? MinimumValue { get; }

    /// <summary>A good region to plot, or null to let the plot choose from the data.</summary>
    PlotRange? PlotRange { get; }

    /// <summary>
    /// The value at <paramref name="point"/> (a 1-D Float32 or Float64 tensor with at least <see cref="Dimension"/> elements),
    /// as a rank-0 tensor of the same dtype built from differentiable ops, so autograd gives the gradient and, with
    /// <c>createGraph: true</c>, the Hessian.
    /// </summary>
    /// <exception cref="ArgumentException">The point is not 1-D or has fewer than <see cref="Dimension"/> elements.</exception>
    Tensor Evaluate(Tensor point);

    /// <summary>The value at <paramref name="point"/> in double precision, without autograd (fast, for grids).</summary>
    /// <exception cref="ArgumentException">The point has fewer than <see cref="Dimension"/> elements.</exception>
    double Value(ReadOnlySpan<double> point);
}
