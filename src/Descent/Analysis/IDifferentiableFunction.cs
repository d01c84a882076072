namespace Descent.Analysis;

/// <summary>
/// A scalar function f: ℝⁿ → ℝ of a flat vector with exact first and second derivatives by autograd: a test function or
/// expression (<see cref="ObjectiveFunction"/>), or a network's loss on fixed data as a function of its flattened parameters
/// (<see cref="ModelLoss"/>). Everything in <c>Descent.Analysis</c> — critical-point classification, Hessian spectra, loss
/// landscapes — works on this interface.
/// </summary>
public interface IDifferentiableFunction
{
    /// <summary>n, the number of coordinates.</summary>
    int Dimension { get; }

    /// <summary>f(<paramref name="point"/>).</summary>
    /// <exception cref="ArgumentException">The point does not have <see cref="Dimension"/> coordinates.</exception>
    double Value(ReadOnlySpan<double> point);

    /// <summary>f(<paramref name="point"/>), writing ∇f(<paramref name="point"/>) into <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">A span does not have <see cref="Dimension"/> entries.</exception>
    double ValueAndGradient(ReadOnlySpan<double> point, Span<double> gradient);

    /// <summary>
    /// The Hessian ∇²f(<paramref name="point"/>) as a matrix-free operator: the gradient's graph is built once (autograd with
    /// <c>createGraph: true</c>) and each <see cref="ISymmetricOperator.Apply"/> is one exact Hessian-vector product, the gradient
    /// of g·v (Pearlmutter 1994), at the cost of about two gradient evaluations.
    /// </summary>
    /// <exception cref="ArgumentException">The point does not have <see cref="Dimension"/> coordinates.</exception>
    ISymmetricOperator HessianAt(ReadOnlySpan<double> point);
}
