namespace Descent.Functions;

/// <summary>A node of a parsed expression tree. Records give structural equality, which the round-trip tests rely on.</summary>
internal abstract record ExpressionNode
{
    /// <summary>The canonical text of this subtree (see <see cref="ExpressionPrinter"/>).</summary>
    public sealed override string ToString() => ExpressionPrinter.Print(this);
}

/// <summary>A non-negative numeric literal (a leading minus is a <see cref="NegateNode"/>).</summary>
internal sealed record NumberNode(double Value) : ExpressionNode;

/// <summary>A named constant: <c>pi</c> or <c>e</c>.</summary>
internal sealed record ConstantNode(string Name, double Value) : ExpressionNode;

/// <summary>The coordinate x<sub>Index</sub> of the point (x = x0, y = x1, z = x2).</summary>
internal sealed record VariableNode(int Index) : ExpressionNode;

/// <summary>Unary minus.</summary>
internal sealed record NegateNode(ExpressionNode Operand) : ExpressionNode;

/// <summary>One of <c>+ - * / ^</c>.</summary>
internal sealed record BinaryNode(char Operator, ExpressionNode Left, ExpressionNode Right) : ExpressionNode;

/// <summary>A call of a built-in function of one argument, such as <c>sin(x)</c>.</summary>
internal sealed record CallNode(BuiltinFunction Function, ExpressionNode Argument) : ExpressionNode;
