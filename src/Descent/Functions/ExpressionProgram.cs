namespace Descent.Functions;

/// <summary>
/// An expression tree compiled to postfix code, run on a small stack: over doubles for fast grid evaluation, or over tensors so
/// that autograd records the computation. Both walks are loops, so evaluation depth does not depend on the call stack.
/// </summary>
internal sealed class ExpressionProgram
{
    private readonly Instruction[] _code;
    private readonly int _maxStack;

    private ExpressionProgram(Instruction[] code, int maxStack)
    {
        _code = code;
        _maxStack = maxStack;
    }

    private enum OpCode : byte
    {
        Constant,
        Variable,
        Negate,
        Add,
        Subtract,
        Multiply,
        Divide,
        Power,
        Call,
    }

    /// <summary>Compiles <paramref name="root"/>.</summary>
    public static ExpressionProgram Compile(ExpressionNode root)
    {
        var code = new List<Instruction>();

        // Iterative post-order: (node, children already emitted).
        var stack = new Stack<(ExpressionNode Node, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            switch (node)
            {
                case NumberNode n:
                    code.Add(new Instruction(OpCode.Constant, n.Value));
                    break;
                case ConstantNode c:
                    code.Add(new Instruction(OpCode.Constant, c.Value));
                    break;
                case VariableNode v:
                    code.Add(new Instruction(OpCode.Variable, 0, v.Index));
                    break;
                case NegateNode neg when expanded:
                    code.Add(new Instruction(OpCode.Negate));
                    break;
                case NegateNode neg:
                    stack.Push((neg, true));
                    stack.Push((neg.Operand, false));
                    break;
                case CallNode call when expanded:
                    code.Add(new Instruction(OpCode.Call, 0, 0, call.Function));
                    break;
                case CallNode call:
                    stack.Push((call, true));
                    stack.Push((call.Argument, false));
                    break;
                case BinaryNode b when expanded:
                    code.Add(new Instruction(b.Operator switch
                    {
                        '+' => OpCode.Add,
                        '-' => OpCode.Subtract,
                        '*' => OpCode.Multiply,
                        '/' => OpCode.Divide,
                        _ => OpCode.Power,
                    }));
                    break;
                case BinaryNode b:
                    stack.Push((b, true));
                    stack.Push((b.Right, false));
                    stack.Push((b.Left, false));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown expression node {node.GetType().Name}");
            }
        }

        int depth = 0, max = 0;
        foreach (var ins in code)
        {
            depth += ins.Op switch
            {
                OpCode.Constant or OpCode.Variable => 1,
                OpCode.Negate or OpCode.Call => 0,
                _ => -1,
            };
            max = Math.Max(max, depth);
        }

        return new ExpressionProgram([.. code], max);
    }

    /// <summary>The value at <paramref name="x"/> (long enough for every variable; the caller checks).</summary>
    public double Evaluate(ReadOnlySpan<double> x)
    {
        Span<double> stack = _maxStack <= 32 ? stackalloc double[32] : new double[_maxStack];
        int sp = 0;
        foreach (ref readonly var ins in _code.AsSpan())
        {
            switch (ins.Op)
            {
                case OpCode.Constant:
                    stack[sp++] = ins.Value;
                    break;
                case OpCode.Variable:
                    stack[sp++] = x[ins.Index];
                    break;
                case OpCode.Negate:
                    stack[sp - 1] = -stack[sp - 1];
                    break;
                case OpCode.Call:
                    stack[sp - 1] = ins.Function!.Scalar(stack[sp - 1]);
                    break;
                default:
                    sp--;
                    stack[sp - 1] = Apply(ins.Op, stack[sp - 1], stack[sp]);
                    break;
            }
        }

        return stack[0];
    }

    /// <summary>
    /// The value at the 1-D tensor <paramref name="point"/> as a rank-0 tensor of its dtype, built from differentiable ops.
    /// Subtrees without variables stay plain doubles and enter the graph as scalar operands.
    /// </summary>
    public Tensor Evaluate(Tensor point)
    {
        var stack = new Operand[_maxStack];
        var coordinates = new Tensor?[point.Numel];
        int sp = 0;
        foreach (var ins in _code)
        {
            switch (ins.Op)
            {
                case OpCode.Constant:
                    stack[sp++] = new Operand(null, ins.Value);
                    break;
                case OpCode.Variable:
                    stack[sp++] = new Operand(coordinates[ins.Index] ??= VectorSlicing.Select(point, ins.Index), 0);
                    break;
                case OpCode.Negate:
                    {
                        var a = stack[sp - 1];
                        stack[sp - 1] = a.Tensor != null ? new Operand(-a.Tensor, 0) : new Operand(null, -a.Value);
                        break;
                    }

                case OpCode.Call:
                    {
                        var a = stack[sp - 1];
                        var f = ins.Function!;
                        stack[sp - 1] = a.Tensor != null ? new Operand(f.Tensor(a.Tensor), 0) : new Operand(null, f.Scalar(a.Value));
                        break;
                    }

                default:
                    sp--;
                    stack[sp - 1] = Apply(ins.Op, stack[sp - 1], stack[sp]);
                    break;
            }
        }

        var result = stack[0];
        return result.Tensor ?? Tensor.Scalar(result.Value, point.DType);
    }

    private static double Apply(OpCode op, double a, double b) => op switch
    {
        OpCode.Add => a + b,
        OpCode.Subtract => a - b,
        OpCode.Multiply => a * b,
        OpCode.Divide => a / b,
        _ => Pow(a, b),
    };

    private static Operand Apply(OpCode op, Operand a, Operand b)
    {
        if (a.Tensor == null && b.Tensor == null)
        {
            return new Operand(null, Apply(op, a.Value, b.Value));
        }

        var r = (op, a.Tensor, b.Tensor) switch
        {
            (OpCode.Add, { } x, { } y) => x + y,
            (OpCode.Add, { } x, null) => x + b.Value,
            (OpCode.Add, null, { } y) => a.Value + y,
            (OpCode.Subtract, { } x, { } y) => x - y,
            (OpCode.Subtract, { } x, null) => x - b.Value,
            (OpCode.Subtract, null, { } y) => a.Value - y,
            (OpCode.Multiply, { } x, { } y) => x * y,
            (OpCode.Multiply, { } x, null) => x * b.Value,
            (OpCode.Multiply, null, { } y) => a.Value * y,
            (OpCode.Divide, { } x, { } y) => x / y,
            (OpCode.Divide, { } x, null) => x / b.Value,
            (OpCode.Divide, null, { } y) => a.Value / y,
            (_, { } x, { } y) => Tensor.Pow(x, y),
            (_, { } x, null) => x.Pow(b.Value),
            (_, null, { } y) => Tensor.Pow(a.Value, y),
            _ => throw new InvalidOperationException("unreachable"),
        };
        return new Operand(r, 0);
    }

    /// <summary>
    /// xʸ with the same special cases as the tensor kernel (x² = x·x, x³ = x·x·x, x⁻¹ = 1/x, x^½ = √x), so the double and tensor
    /// paths agree to the last bit wherever the kernel does.
    /// </summary>
    internal static double Pow(double x, double y) => y switch
    {
        2 => x * x,
        1 => x,
        0 => 1,
        3 => x * x * x,
        -1 => 1 / x,
        0.5 => Math.Sqrt(x),
        _ => Math.Pow(x, y),
    };

    private readonly record struct Instruction(OpCode Op, double Value = 0, int Index = 0, BuiltinFunction? Function = null);

    private readonly record struct Operand(Tensor? Tensor, double Value);
}
