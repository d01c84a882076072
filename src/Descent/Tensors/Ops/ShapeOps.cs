using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements with a new shape (a view: storage is shared). One dimension may be −1 and is inferred.
    /// ∂/∂x = g reshaped back.
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ, or more than one dimension is −1.</exception>
    public Tensor Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var target = InferShape(shape, Numel, Shape);
        if (target == Shape)
        {
            return this;
        }

        var r = View(Offset, target);
        var inShape = Shape;
        return Autograd.Record(r, "reshape", [this], g => [g.Reshape(inShape.Dims)]);
    }

    /// <summary>Same as <see cref="Reshape(int[])"/> (storage is always contiguous, so every reshape is a view).</summary>
    public Tensor View(params int[] shape) => Reshape(shape);

    /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one (a view).</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }

        int s = Shape.NormalizeAxis(startDim, Rank), e = Shape.NormalizeAxis(endDim, Rank);
        if (s > e)
        {
            throw new ArgumentException($"Flatten: start dimension {startDim} comes after end dimension {endDim}");
        }

        var dims = new List<int>();
        for (int i = 0; i < s; i++)
        {
            dims.Add(Shape.Dims[i]);
        }

        int prod = 1;
        for (int i = s; i <= e; i++)
        {
            prod *= Shape.Dims[i];
        }

        dims.Add(prod);
        for (int i = e + 1; i < Rank; i++)
        {
            dims.Add(Shape.Dims[i]);
        }

        return Reshape([.. dims]);
    }

    /// <summary>Removes dimension <paramref name="axis"/> if its size is 1 (a view; otherwise returns this tensor).</summary>
    public Tensor Squeeze(int axis)
    {
        int a = Shape.NormalizeAxis(axis, Rank);
        if (Shape.Dims[a] != 1)
        {
            return this;
        }

        var dims = Shape.ToArray().ToList();
        dims.RemoveAt(a);
        return Reshape([.. dims]);
    }

    /// <summary>Removes every dimension of size 1 (a view).</summary>
    public Tensor Squeeze() => Reshape(Shape.Dims.Where(d => d != 1).ToArray());

    /// <summary>Inserts a dimension of size 1 at <paramref name="axis"/> (−1 appends; a view).</summary>
    public Tensor Unsqueeze(int axis)
    {
        int a = Shape.NormalizeAxis(axis, Rank + 1);
        var dims = Shape.ToArray().ToList();
        dims.Insert(a, 1);
        return Reshape([.. dims]);
    }

    /// <summary>
    /// Broadcasts to <paramref name="shape"/> under NumPy rules (a copy; storage stays contiguous). ∂/∂x = g summed back to x's shape.
    /// </summary>
    /// <exception cref="ArgumentException">This shape cannot broadcast to <paramref name="shape"/>.</exception>
    public Tensor Expand(Shape shape)
    {
        if (shape == Shape)
        {
            return this;
        }

        if (Shape.Broadcast(Shape, shape) != shape)
        {
            throw new ArgumentException($"Cannot expand shape {Shape} to {shape}");
        }

        var r = Empty(shape, DType);
        if (DType == DType.Float32)
        {
            ExpandCore<float>(this, r);
        }
        else
        {
            ExpandCore<double>(this, r);
        }

        var inShape = Shape;
        return Autograd.Record(r, "expand", [this], g => [g.SumTo(inShape)]);
    }

    /// <summary>Broadcasts to the given dimensions.</summary>
    public Tensor Expand(params int[] shape) => Expand(new Shape(shape));

    private static void ExpandCore<T>(Tensor x, Tensor r)
        where T : unmanaged
    {
        if (r.Numel == 0)
        {
            return;
        }

        var plan = new Elementwise.BroadcastPlan(x.Shape, r.Shape, r.Shape);
        var src = x.Span<T>();
        var dst = r.Span<T>();
        int inner = plan.Inner, rows = r.Numel / inner;
        for (int row = 0; row < rows; row++)
        {
            plan.Offsets(row, out int oa, out _);
            var d = dst.Slice(row * inner, inner);
            if (plan.AFull)
            {
                src.Slice(oa, inner).CopyTo(d);
            }
            else
            {
                d.Fill(src[oa]);
            }
        }
    }

    private static Shape InferShape(int[] shape, int numel, Shape from)
    {
        int infer = -1;
        long prod = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new ArgumentException($"Reshape: only one dimension can be -1, got {Shape.Format(shape)}");
                }

                infer = i;
            }
            else if (shape[i] < 0)
            {
                throw new ArgumentException($"Reshape: invalid dimension {shape[i]} in {Shape.Format(shape)}");
            }
            else
            {
                prod *= shape[i];
            }
        }

        var dims = (int[])shape.Clone();
        if (infer >= 0)
        {
            if (prod == 0 || numel % prod != 0)
            {
                throw new ArgumentException($"Cannot reshape tensor of shape {from} ({numel} elements) to {Shape.Format(shape)}");
            }

            dims[infer] = (int)(numel / prod);
        }
        else if (prod != numel)
        {
            throw new ArgumentException($"Cannot reshape tensor of shape {from} ({numel} elements) to {Shape.Format(shape)}");
        }

        return new Shape(dims);
    }
}
