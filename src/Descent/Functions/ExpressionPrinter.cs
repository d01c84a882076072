using System.Globalization;
using System.Text;

namespace Descent.Functions;

/// <summary>
/// Prints a tree in canonical form: <c>a + b</c>, <c>a - b</c>, <c>a*b</c>, <c>a/b</c>, <c>a^b</c>, <c>-a</c>, <c>sin(a)</c>, numbers
/// in shortest round-trip form, and parentheses exactly where the grammar needs them to rebuild the same tree (plus around a
/// negation inside a negation, for readability). Variables print as x, y, z when no index above 2 is used, else as x0, x1, ….
/// </summary>
internal static class ExpressionPrinter
{
    private const int SumLevel = 1;
    private const int ProductLevel = 2;
    private const int UnaryLevel = 3;
    private const int PowerLevel = 4;
    private const int AtomLevel = 5;

    public static string Print(ExpressionNode node)
    {
        var sb = new StringBuilder();
        Write(sb, node, MaxVariableIndex(node) <= 2);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, ExpressionNode node, bool xyz)
    {
        switch (node)
        {
            case NumberNode n:
                sb.Append(n.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case ConstantNode c:
                sb.Append(c.Name);
                break;
            case VariableNode v:
                if (xyz)
                {
                    sb.Append("xyz"[v.Index]);
                }
                else
                {
                    sb.Append('x').Append(v.Index.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case NegateNode neg:
                sb.Append('-');
                WriteChild(sb, neg.Operand, xyz, Level(neg.Operand) < UnaryLevel || neg.Operand is NegateNode);
                break;
            case CallNode call:
                sb.Append(call.Function.Name).Append('(');
                Write(sb, call.Argument, xyz);
                sb.Append(')');
                break;
            case BinaryNode b:
                int level = Level(b);
                bool leftParens = b.Operator == '^' ? Level(b.Left) <= PowerLevel : Level(b.Left) < level;
                bool rightParens = b.Operator == '^' ? Level(b.Right) < UnaryLevel : Level(b.Right) <= level;
                WriteChild(sb, b.Left, xyz, leftParens);
                sb.Append(b.Operator switch
                {
                    '+' => " + ",
                    '-' => " - ",
                    _ => b.Operator.ToString(),
                });
                WriteChild(sb, b.Right, xyz, rightParens);
                break;
            default:
                throw new InvalidOperationException($"Unknown expression node {node.GetType().Name}");
        }
    }

    private static void WriteChild(StringBuilder sb, ExpressionNode child, bool xyz, bool parens)
    {
        if (parens)
        {
            sb.Append('(');
        }

        Write(sb, child, xyz);
        if (parens)
        {
            sb.Append(')');
        }
    }

    private static int Level(ExpressionNode node) => node switch
    {
        BinaryNode { Operator: '+' or '-' } => SumLevel,
        BinaryNode { Operator: '*' or '/' } => ProductLevel,
        BinaryNode => PowerLevel,
        NegateNode => UnaryLevel,
        _ => AtomLevel,
    };

    /// <summary>The largest variable index in the tree, or −1 when there is none.</summary>
    public static int MaxVariableIndex(ExpressionNode node)
    {
        // Iterative, so that a long chain such as x+x+...+x cannot exhaust the stack.
        int max = -1;
        var stack = new Stack<ExpressionNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case VariableNode v:
                    max = Math.Max(max, v.Index);
                    break;
                case NegateNode n:
                    stack.Push(n.Operand);
                    break;
                case CallNode c:
                    stack.Push(c.Argument);
                    break;
                case BinaryNode b:
                    stack.Push(b.Left);
                    stack.Push(b.Right);
                    break;
            }
        }

        return max;
    }
}
