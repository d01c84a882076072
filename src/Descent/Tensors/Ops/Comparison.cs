namespace Descent;

public sealed partial class Tensor
{
    private enum CompareOp
    {
        Eq,
        Ne,
        Gt,
        Ge,
        Lt,
        Le,
    }

    /// <summary>1 where a = b, else 0 (broadcasting; not differentiable).</summary>
    public Tensor Eq(Tensor other) => Compare(this, other, CompareOp.Eq);

    /// <summary>1 where a ≠ b, else 0.</summary>
    public Tensor Ne(Tensor other) => Compare(this, other, CompareOp.Ne);

    /// <summary>1 where a &gt; b, else 0.</summary>
    public Tensor Gt(Tensor other) => Compare(this, other, CompareOp.Gt);

    /// <summary>1 where a ≥ b, else 0.</summary>
    public Tensor Ge(Tensor other) => Compare(this, other, CompareOp.Ge);

    /// <summary>1 where a &lt; b, else 0.</summary>
    public Tensor Lt(Tensor other) => Compare(this, other, CompareOp.Lt);

    /// <summary>1 where a ≤ b, else 0.</summary>
    public Tensor Le(Tensor other) => Compare(this, other, CompareOp.Le);

    /// <summary>1 where x = s, else 0.</summary>
    public Tensor Eq(double s) => Compare(this, Scalar(s, DType), CompareOp.Eq);

    /// <summary>1 where x ≠ s, else 0.</summary>
    public Tensor Ne(double s) => Compare(this, Scalar(s, DType), CompareOp.Ne);

    /// <summary>1 where x &gt; s, else 0.</summary>
    public Tensor Gt(double s) => Compare(this, Scalar(s, DType), CompareOp.Gt);

    /// <summary>1 where x ≥ s, else 0.</summary>
    public Tensor Ge(double s) => Compare(this, Scalar(s, DType), CompareOp.Ge);

    /// <summary>1 where x &lt; s, else 0.</summary>
    public Tensor Lt(double s) => Compare(this, Scalar(s, DType), CompareOp.Lt);

    /// <summary>1 where x ≤ s, else 0.</summary>
    public Tensor Le(double s) => Compare(this, Scalar(s, DType), CompareOp.Le);

    /// <summary>
    /// Picks <paramref name="a"/> where <paramref name="condition"/> is non-zero and <paramref name="b"/> elsewhere, with broadcasting.
    /// ∂/∂a = g where the condition holds, ∂/∂b = g elsewhere.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(condition);
        RequireSameDType(a, b, "where");
        var shape = Shape.Broadcast(Shape.Broadcast(condition.Shape, a.Shape), b.Shape);
        var c = condition.Detach().To(a.DType).Expand(shape);
        var ea = a.Detach().Expand(shape);
        var eb = b.Detach().Expand(shape);
        var r = Empty(shape, a.DType);
        if (a.DType == DType.Float32)
        {
            WhereCore<float>(c.Span<float>(), ea.Span<float>(), eb.Span<float>(), r.Span<float>());
        }
        else
        {
            WhereCore<double>(c.Span<double>(), ea.Span<double>(), eb.Span<double>(), r.Span<double>());
        }

        return Autograd.Record(r, "where", [a, b], g =>
        {
            var zero = ZerosLike(g);
            return [Where(condition, g, zero), Where(condition, zero, g)];
        });
    }

    private static void WhereCore<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> r)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = T.IsZero(c[i]) ? b[i] : a[i];
        }
    }

    private static Tensor Compare(Tensor a, Tensor b, CompareOp op)
    {
        if (b.DType != a.DType)
        {
            b = b.Detach().To(a.DType);
        }

        var shape = Shape.Broadcast(a.Shape, b.Shape);
        var r = Empty(shape, a.DType);
        bool scalarRight = b.Numel == 1 && a.Shape == shape;
        var ea = a.Shape == shape ? a : a.Detach().Expand(shape);
        var eb = scalarRight || b.Shape == shape ? b : b.Detach().Expand(shape);
        if (a.DType == DType.Float32)
        {
            CompareCore<float>(ea.Span<float>(), eb.Span<float>(), scalarRight, r.Span<float>(), op);
        }
        else
        {
            CompareCore<double>(ea.Span<double>(), eb.Span<double>(), scalarRight, r.Span<double>(), op);
        }

        return r;
    }

    private static void CompareCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, bool scalarRight, Span<T> r, CompareOp op)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < r.Length; i++)
        {
            T x = a[i], y = scalarRight ? b[0] : b[i];
            bool v = op switch
            {
                CompareOp.Eq => x == y,
                CompareOp.Ne => x != y,
                CompareOp.Gt => x > y,
                CompareOp.Ge => x >= y,
                CompareOp.Lt => x < y,
                _ => x <= y,
            };
            r[i] = v ? T.One : T.Zero;
        }
    }
}
