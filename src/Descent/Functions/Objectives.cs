using System.Text.RegularExpressions;
using Descent.Text;

namespace Descent.Functions;

/// <summary>
/// Finding objectives by name or expression, and their derivatives at a point: value, gradient (autograd) and Hessian (double
/// backward), as plain double arrays.
/// </summary>
public static partial class Objectives
{
    /// <summary>
    /// A named test function when <paramref name="nameOrExpression"/> is one of <see cref="TestFunctions.Names"/>
    /// (case-insensitive), else the text parsed as an <see cref="Expression"/>. This is what the CLI's <c>--function</c> accepts.
    /// </summary>
    /// <param name="nameOrExpression">A name such as <c>rosenbrock</c>, or an expression such as <c>(1 - x*y)^2</c>.</param>
    /// <param name="dimension">For a named function, its dimension (see <see cref="TestFunctions.Get"/>); for an expression, a
    /// dimension at least its <see cref="Expression.MinimumDimension"/>. Null keeps the default.</param>
    /// <exception cref="ArgumentException">Neither a name nor a valid expression (an <see cref="ExpressionException"/> for
    /// syntax errors), or the dimension does not fit.</exception>
    public static IObjective Resolve(string nameOrExpression, int? dimension = null)
    {
        ArgumentNullException.ThrowIfNull(nameOrExpression);
        var text = nameOrExpression.Trim();
        if (TestFunctions.Contains(text))
        {
            return TestFunctions.Get(text, dimension);
        }

        Expression expression;
        try
        {
            expression = Expression.Parse(text);
        }
        catch (ExpressionException) when (NameLike().IsMatch(text) && Spelling.Closest(text, TestFunctions.Names) is { } suggestion)
        {
            // "rosenbrok" parses as an unknown variable, but was surely meant as a name.
            throw new ArgumentException(
                $"Unknown function \"{text}\"; did you mean \"{suggestion}\"? Named functions: {string.Join(", ", TestFunctions.Names)}; " +
                "or write an expression in x, y, z, x0..x99 such as \"(1 - x*y)^2\"");
        }

        return dimension is int d ? expression.WithDimension(d) : expression;
    }

    /// <summary>The gradient ∇f at <paramref name="point"/>, by reverse-mode autograd in float64.</summary>
    /// <exception cref="ArgumentException">The point has fewer than <see cref="IObjective.Dimension"/> coordinates.</exception>
    public static double[] Gradient(this IObjective objective, IReadOnlyList<double> point) => ValueAndGradient(objective, point).Gradient;

    /// <summary>f and ∇f at <paramref name="point"/> from one forward and one backward pass, in float64.</summary>
    /// <exception cref="ArgumentException">The point has fewer than <see cref="IObjective.Dimension"/> coordinates.</exception>
    public static (double Value, double[] Gradient) ValueAndGradient(this IObjective objective, IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(objective);
        using var _ = Autograd.EnableGrad();
        var x = Leaf(objective, point);
        var y = objective.Evaluate(x);
        if (!y.RequiresGrad)
        {
            // A constant function: nothing in the graph depends on x.
            return (y.Item(), new double[x.Numel]);
        }

        var g = Autograd.Grad(y, [x], allowUnused: true)[0];
        return (y.Item(), g.ToArray());
    }

    /// <summary>
    /// The Hessian ∇²f at <paramref name="point"/>: the gradient with <c>createGraph: true</c>, then the gradient of each of its
    /// components (n + 1 backward passes, float64). Row i is ∇(∂f/∂xᵢ); it is symmetric up to rounding.
    /// </summary>
    /// <exception cref="ArgumentException">The point has fewer than <see cref="IObjective.Dimension"/> coordinates.</exception>
    public static double[,] Hessian(this IObjective objective, IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(objective);
        using var _ = Autograd.EnableGrad();
        var x = Leaf(objective, point);
        int n = x.Numel;
        var h = new double[n, n];
        var y = objective.Evaluate(x);
        if (!y.RequiresGrad)
        {
            return h;
        }

        var g = Autograd.Grad(y, [x], createGraph: true, allowUnused: true)[0];
        for (int i = 0; i < n; i++)
        {
            var gi = VectorSlicing.Select(g, i);
            if (!gi.RequiresGrad)
            {
                // ∂f/∂xᵢ does not depend on x (f is at most linear in xᵢ): the row is zero.
                continue;
            }

            var row = Autograd.Grad(gi, [x], allowUnused: true)[0];
            for (int j = 0; j < n; j++)
            {
                h[i, j] = row[j];
            }
        }

        return h;
    }

    /// <summary>
    /// Wraps a C# function of a 1-D tensor as an objective, so custom functions can be optimised, plotted and analysed like the
    /// built-in ones. <paramref name="evaluate"/> receives a tensor with exactly <paramref name="dimension"/> elements and must
    /// return a one-element tensor built from differentiable ops.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension is not positive, or a given point has the wrong length.</exception>
    public static IObjective FromFunction(
        string name,
        int dimension,
        Func<Tensor, Tensor> evaluate,
        IReadOnlyList<double>? start = null,
        IReadOnlyList<IReadOnlyList<double>>? knownMinima = null,
        double? minimumValue = null,
        PlotRange? plotRange = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(evaluate);
        if (dimension < 1)
        {
            throw new ArgumentException($"FromFunction: dimension must be at least 1, got {dimension}", nameof(dimension));
        }

        var startArray = start?.ToArray() ?? new double[dimension];
        CheckLength(name, "start point", dimension, startArray.Length);
        var minima = (knownMinima ?? []).Select(m => m.ToArray()).ToArray();
        foreach (var m in minima)
        {
            CheckLength(name, "known minimum", dimension, m.Length);
        }

        return new FunctionObjective(name, dimension, evaluate, startArray, minima, minimumValue, plotRange);
    }

    /// <summary>Validates a tensor point for <paramref name="objective"/>.</summary>
    internal static void CheckPoint(IObjective objective, Tensor point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Rank != 1)
        {
            throw new ArgumentException(
                $"{objective.Name}: expected the point as a 1-D tensor of {objective.Dimension} coordinates, got shape {point.Shape}");
        }

        CheckPoint(objective, point.Numel);
    }

    /// <summary>Validates a point's length for <paramref name="objective"/>.</summary>
    internal static void CheckPoint(IObjective objective, int length)
    {
        if (length < objective.Dimension)
        {
            throw new ArgumentException(
                $"{objective.Name}: the point has {length} coordinate{(length == 1 ? "" : "s")} but the function needs {objective.Dimension}");
        }
    }

    private static void CheckLength(string name, string what, int dimension, int length)
    {
        if (length != dimension)
        {
            throw new ArgumentException($"{name}: the {what} has {length} coordinates but the function has dimension {dimension}");
        }
    }

    private static Tensor Leaf(IObjective objective, IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        CheckPoint(objective, point.Count);
        return Tensor.FromArray([.. point], new Shape(point.Count), DType.Float64).RequireGrad();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_ -]*$")]
    private static partial Regex NameLike();
}
