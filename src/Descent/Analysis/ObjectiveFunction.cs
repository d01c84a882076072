using Descent.Functions;

namespace Descent.Analysis;

/// <summary>
/// A function of a vector written with tensor ops — a named test function, a parsed expression, any <see cref="IObjective"/>,
/// or a C# lambda — as an <see cref="IDifferentiableFunction"/>: gradients by reverse-mode autograd and Hessian-vector
/// products by double backward, all in float64.
/// </summary>
public sealed class ObjectiveFunction : IDifferentiableFunction
{
    private readonly Func<Tensor, Tensor> _evaluate;
    private readonly IObjective? _objective;

    /// <summary>Wraps an objective (a test function or an expression); its <see cref="IObjective.Dimension"/> is n.</summary>
    public ObjectiveFunction(IObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _objective = objective;
        _evaluate = objective.Evaluate;
        Dimension = objective.Dimension;
        Name = objective.Name;
    }

    /// <summary>
    /// Wraps a function of a 1-D float64 tensor of <paramref name="dimension"/> elements that returns a one-element tensor built
    /// from differentiable ops.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension is not positive.</exception>
    public ObjectiveFunction(int dimension, Func<Tensor, Tensor> evaluate, string name = "f")
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(name);
        if (dimension < 1)
        {
            throw new ArgumentException($"The dimension must be at least 1, got {dimension}", nameof(dimension));
        }

        _evaluate = evaluate;
        Dimension = dimension;
        Name = name;
    }

    /// <summary>
    /// Whether <see cref="Value"/> may be called from several threads at once: true for the built-in test functions and parsed
    /// expressions (pure functions of their argument), false for user code, which may keep state.
    /// </summary>
    internal bool IsThreadSafe => _objective is TestFunction or Expression;

    /// <summary>A short name for messages (the objective's name).</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>
    /// The quadratic form f(x) = ½xᵀAx + bᵀx, whose gradient is Ax + b and whose Hessian is the symmetric part of A: the model
    /// problem of second-order analysis.
    /// </summary>
    /// <exception cref="ArgumentException">A is not square, or b does not fit it.</exception>
    public static ObjectiveFunction Quadratic(double[,] a, double[]? b = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n == 0 || a.GetLength(1) != n)
        {
            throw new ArgumentException($"Quadratic: A must be a non-empty square matrix, got {a.GetLength(0)} × {a.GetLength(1)}", nameof(a));
        }

        if (b != null && b.Length != n)
        {
            throw new ArgumentException($"Quadratic: b has {b.Length} entries but A is {n} × {n}", nameof(b));
        }

        var matrix = Tensor.FromArray(a);
        var linear = b == null ? null : Tensor.FromArray(b, new Shape(n), DType.Float64);
        return new ObjectiveFunction(n, x =>
        {
            var column = x.Reshape(n, 1);
            var y = (column * Tensor.MatMul(matrix, column)).Sum() * 0.5;
            return linear == null ? y : y + (x * linear).Sum();
        }, "quadratic form");
    }

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> point)
    {
        OperatorChecks.CheckPoint(Name, Dimension, point.Length, nameof(point));
        if (_objective != null)
        {
            return _objective.Value(point);
        }

        using var _ = Autograd.NoGrad();
        return Evaluate(Tensor.FromArray(point.ToArray(), new Shape(Dimension), DType.Float64)).Item();
    }

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        OperatorChecks.CheckPoint(Name, Dimension, point.Length, nameof(point));
        OperatorChecks.CheckPoint(Name, Dimension, gradient.Length, nameof(gradient));
        using var _ = Autograd.EnableGrad();
        var x = Leaf(point);
        var y = Evaluate(x);
        if (!y.RequiresGrad)
        {
            gradient.Clear();
            return y.Item();
        }

        var g = Autograd.Grad(y, [x], allowUnused: true)[0];
        FlatData.Read(g, gradient);
        return y.Item();
    }

    /// <inheritdoc/>
    public ISymmetricOperator HessianAt(ReadOnlySpan<double> point)
    {
        OperatorChecks.CheckPoint(Name, Dimension, point.Length, nameof(point));
        using var _ = Autograd.EnableGrad();
        var x = Leaf(point);
        var y = Evaluate(x);
        var g = y.RequiresGrad ? Autograd.Grad(y, [x], createGraph: true, allowUnused: true)[0] : Tensor.ZerosLike(x);
        return new GraphHessianOperator([x], [g]);
    }

    private Tensor Leaf(ReadOnlySpan<double> point) => Tensor.FromArray(point.ToArray(), new Shape(Dimension), DType.Float64).RequireGrad();

    private Tensor Evaluate(Tensor x)
    {
        var y = _evaluate(x);
        if (y.Numel != 1)
        {
            throw new InvalidOperationException($"{Name}: the function returned shape {y.Shape}; it must return a single value");
        }

        return y;
    }
}
