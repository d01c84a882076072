using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Descent.Functions;

/// <summary>
/// A differentiable function of a vector, parsed from text such as <c>(1 - x*y)^2</c>.
/// </summary>
/// <remarks>
/// <para><b>Grammar.</b> Variables <c>x</c>, <c>y</c>, <c>z</c> (the same as <c>x0</c>, <c>x1</c>, <c>x2</c>) and <c>x0</c>…<c>x99</c>,
/// which may be mixed; constants <c>pi</c> (or <c>π</c>) and <c>e</c>; numbers such as <c>3</c>, <c>.5</c>, <c>1e-3</c>, <c>2.5E+4</c>
/// (invariant culture); operators <c>+ - * / ^</c> with the usual precedence; <c>^</c> is right-associative (<c>2^3^2</c> = 2⁹) and
/// binds tighter than a leading sign (<c>-x^2</c> = −(x²)), and its exponent may carry a sign (<c>2^-x</c>); unary <c>+</c> and
/// <c>-</c>, also after an operator (<c>2*-x</c>); functions <c>sin cos tan exp log sqrt abs tanh sigmoid</c> of one argument.
/// Whitespace is ignored. Implicit multiplication (<c>2x</c>) is an error that suggests <c>2*x</c>.</para>
/// <para><b>Dimension.</b> One more than the largest variable index used (at least 1): <c>x*z</c> has dimension 3.</para>
/// <para><b>Limits.</b> At most <see cref="MaxLength"/> characters and <see cref="MaxDepth"/> levels of nesting (parentheses, signs,
/// powers and calls), checked explicitly so that hostile input fails with a message instead of a stack overflow.</para>
/// <para><b>Errors.</b> <see cref="ExpressionException"/>, whose message names the problem, the 1-based column and the text, then
/// the fix: <c>Expected ')' at column 9 in "(1 - x*y"</c>.</para>
/// <para>No constant folding is done: the tree is exactly what was written, and <see cref="ToString"/> re-parses to it.</para>
/// </remarks>
public sealed class Expression : IObjective, IEquatable<Expression>
{
    /// <summary>The longest accepted text, in characters.</summary>
    public const int MaxLength = 2000;

    /// <summary>The deepest accepted nesting of parentheses, signs, powers and function calls.</summary>
    public const int MaxDepth = 200;

    /// <summary>The largest variable index: <c>x99</c>.</summary>
    public const int MaxVariableIndex = 99;

    private readonly ExpressionProgram _program;
    private readonly string _canonical;

    private Expression(ExpressionNode root, string text, int dimension)
    {
        Root = root;
        Text = text;
        _program = ExpressionProgram.Compile(root);
        _canonical = ExpressionPrinter.Print(root);
        int maxIndex = ExpressionPrinter.MaxVariableIndex(root);
        MinimumDimension = Math.Max(1, maxIndex + 1);
        Dimension = Math.Max(dimension, MinimumDimension);
    }

    /// <summary>The text as given to <see cref="Parse"/>.</summary>
    public string Text { get; }

    /// <summary>The number of coordinates: one more than the largest variable index used, unless raised by <see cref="WithDimension"/>.</summary>
    public int Dimension { get; }

    /// <summary>One more than the largest variable index used (at least 1): the smallest dimension the expression can have.</summary>
    public int MinimumDimension { get; }

    /// <summary>The canonical text (<see cref="ToString"/>).</summary>
    public string Name => _canonical;

    /// <summary>The canonical text (<see cref="ToString"/>).</summary>
    public string Formula => _canonical;

    /// <summary>Says that this is a user-supplied expression and how many coordinates it reads.</summary>
    public string Description => string.Create(
        CultureInfo.InvariantCulture, $"User expression in {Dimension} variable{(Dimension == 1 ? "" : "s")}");

    /// <summary>
    /// The origin: lecture 002's "usually the initial value is zero" (<c>w = 0</c>). Give a start point explicitly when the
    /// origin is a singularity (<c>log x</c>) or a critical point (<c>(1 - x*y)^2</c>).
    /// </summary>
    public IReadOnlyList<double> DefaultStart => Array.AsReadOnly(new double[Dimension]);

    /// <summary>Always empty: nothing is known about a parsed expression's minima.</summary>
    public IReadOnlyList<IReadOnlyList<double>> KnownMinima => [];

    /// <summary>Always null.</summary>
    public double? MinimumValue => null;

    /// <summary>Always null: the plot chooses a range from the data.</summary>
    public PlotRange? PlotRange => null;

    internal ExpressionNode Root { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ExpressionException">The text is not a valid expression.</exception>
    public static Expression Parse(string text)
    {
        var root = ExpressionParser.Parse(text);
        return new Expression(root, text, 1);
    }

    /// <summary>Parses <paramref name="text"/>, returning false (and the error) instead of throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Expression? expression, out ExpressionException? error)
    {
        expression = null;
        error = null;
        if (text == null)
        {
            error = new ExpressionException("Expression is null", "", 1);
            return false;
        }

        try
        {
            expression = Parse(text);
            return true;
        }
        catch (ExpressionException e)
        {
            error = e;
            return false;
        }
    }

    /// <summary>Parses <paramref name="text"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Expression? expression) => TryParse(text, out expression, out _);

    /// <summary>
    /// The same function seen as a function of <paramref name="dimension"/> coordinates (extra coordinates are ignored), so that
    /// <c>x^2</c> can be optimised and plotted in 2-D.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dimension"/> is below <see cref="MinimumDimension"/>.</exception>
    public Expression WithDimension(int dimension)
    {
        if (dimension < MinimumDimension)
        {
            throw new ArgumentException(
                $"Expression \"{_canonical}\" uses {MinimumDimension} variable{(MinimumDimension == 1 ? "" : "s")}, so its dimension must be at least {MinimumDimension}; got {dimension}");
        }

        return dimension == Dimension ? this : new Expression(Root, Text, dimension);
    }

    /// <inheritdoc/>
    public Tensor Evaluate(Tensor point)
    {
        Objectives.CheckPoint(this, point);
        return _program.Evaluate(point);
    }

    /// <summary>The value at <paramref name="point"/> in double precision, without autograd (fast, for contour grids).</summary>
    /// <exception cref="ArgumentException">The point has fewer than <see cref="Dimension"/> elements.</exception>
    public double Evaluate(ReadOnlySpan<double> point)
    {
        Objectives.CheckPoint(this, point.Length);
        return _program.Evaluate(point);
    }

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> point) => Evaluate(point);

    /// <summary>
    /// The canonical text: <c>a + b</c>, <c>a - b</c>, <c>a*b</c>, <c>a/b</c>, <c>a^b</c>, numbers in shortest round-trip form,
    /// parentheses only where needed, and x, y, z unless an index above 2 is used (then x0, x1, …). It parses back to the same tree
    /// whenever it fits in <see cref="MaxLength"/> (the added spaces can make it longer than the text that was parsed).
    /// </summary>
    public override string ToString() => _canonical;

    /// <summary>Whether both parse to the same tree and have the same dimension (<c>x+1</c> equals <c>x0 + 1</c>).</summary>
    public bool Equals(Expression? other) => other != null && Dimension == other.Dimension && Root.Equals(other.Root);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Expression e && Equals(e);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_canonical, Dimension);
}
