namespace Descent.Analysis;

/// <summary>
/// Projects an optimizer's path through parameter space onto two dimensions so that it can be drawn on a loss contour plot
/// (Li et al. 2018, §7): random directions are useless for this, because in high dimensions a path is nearly orthogonal to
/// any random plane, so the plane is spanned by the top two principal components of the path itself.
/// </summary>
/// <remarks>
/// As Li et al.'s code, PCA runs on the differences θᵢ − θ* (θ* the final point), centred as scikit-learn's PCA centres them,
/// and each snapshot is then projected, uncentred, relative to θ*, so that θ* sits at the origin where the landscape is
/// centred. The directions come from the eigen-decomposition of the small T × T Gram matrix of the centred differences, so n
/// may be in the millions.
/// </remarks>
public static class PathProjection
{
    /// <summary>The two principal directions of <paramref name="snapshots"/> and every snapshot's coordinates in that plane.</summary>
    /// <param name="snapshots">The parameter vectors along the path, in order (at least 2, all of one length).</param>
    /// <param name="origin">The plane's origin; by default the last snapshot.</param>
    /// <exception cref="ArgumentException">Fewer than two snapshots, lengths differ, a value is not finite, or every snapshot equals
    /// the origin (a path that does not move).</exception>
    public static PlaneProjection Pca(IReadOnlyList<double[]> snapshots, IReadOnlyList<double>? origin = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count < 2)
        {
            throw new ArgumentException($"A path needs at least 2 snapshots to project, got {snapshots.Count}", nameof(snapshots));
        }

        int n = snapshots[0].Length;
        for (int i = 0; i < snapshots.Count; i++)
        {
            if (snapshots[i].Length != n)
            {
                throw new ArgumentException($"Snapshot {i} has {snapshots[i].Length} entries but snapshot 0 has {n}", nameof(snapshots));
            }

            OperatorChecks.CheckFinite(snapshots[i], $"Snapshot {i}", nameof(snapshots));
        }

        var o = origin?.ToArray() ?? (double[])snapshots[^1].Clone();
        OperatorChecks.CheckPoint("Pca", n, o.Length, nameof(origin));

        // Differences from the origin, leaving out the origin itself when it is a snapshot (Li et al.: all but the final one).
        var diffs = snapshots.Take(origin == null ? snapshots.Count - 1 : snapshots.Count).Select(s => Subtract(s, o)).ToList();
        int t = diffs.Count;
        var mean = new double[n];
        foreach (var d in diffs)
        {
            VectorMath.Axpy(1.0 / t, d, mean);
        }

        var centred = diffs.Select(d => Subtract(d, mean)).ToArray();
        var gram = new double[t, t];
        for (int i = 0; i < t; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                gram[i, j] = gram[j, i] = VectorMath.Dot(centred[i], centred[j]);
            }
        }

        var eig = SymmetricEigen.Decompose(gram);
        double total = eig.Values.Where(v => v > 0).Sum();
        double top = eig.Values[^1];
        if (!(total > 0) || !(top > 1e-12 * total))
        {
            // All differences are equal: a path that sits at one point (relative to the origin) has no principal direction.
            var only = diffs.FirstOrDefault(d => VectorMath.Norm(d) > 0)
                ?? throw new ArgumentException("Every snapshot equals the origin: the path does not move, so there is no plane to project on", nameof(snapshots));
            return Finish(o, Normalized(only), null, 1, 0, snapshots);
        }

        var d1 = Direction(centred, eig.Vectors[^1], top);
        double second = t >= 2 ? eig.Values[^2] : 0;
        double[]? d2 = second > 1e-12 * top ? Direction(centred, eig.Vectors[^2], second) : null;
        return Finish(o, d1, d2, top / total, d2 == null ? 0 : second / total, snapshots);
    }

    /// <summary>The coordinates (⟨θ − origin, d₁⟩, ⟨θ − origin, d₂⟩) of a point in a projection's plane.</summary>
    /// <exception cref="ArgumentException">The point has the wrong length.</exception>
    public static (double X, double Y) Project(PlaneProjection plane, ReadOnlySpan<double> point)
    {
        ArgumentNullException.ThrowIfNull(plane);
        OperatorChecks.CheckPoint("Project", plane.Origin.Length, point.Length, nameof(point));
        var d = Subtract(point, plane.Origin);
        return (VectorMath.Dot(d, plane.Direction1), VectorMath.Dot(d, plane.Direction2));
    }

    private static PlaneProjection Finish(double[] origin, double[] d1, double[]? d2, double ev1, double ev2, IReadOnlyList<double[]> snapshots)
    {
        SymmetricEigen.CanonicalSign(d1);
        d2 ??= Orthogonal(d1);
        SymmetricEigen.CanonicalSign(d2);
        var plane = new PlaneProjection(origin, d1, d2, ev1, ev2, new double[snapshots.Count], new double[snapshots.Count]);
        for (int i = 0; i < snapshots.Count; i++)
        {
            (plane.X[i], plane.Y[i]) = Project(plane, snapshots[i]);
        }

        return plane;
    }

    // Principal direction k of the centred rows C: Cᵀu / √μ, unit length when Gram = C·Cᵀ has eigenpair (μ, u).
    private static double[] Direction(double[][] centred, double[] u, double mu)
    {
        var d = new double[centred[0].Length];
        for (int i = 0; i < centred.Length; i++)
        {
            VectorMath.Axpy(u[i], centred[i], d);
        }

        VectorMath.Scale(d, 1 / Math.Sqrt(mu));
        return Normalized(d);
    }

    // A unit vector orthogonal to d (for a straight path, whose second direction carries no variance): the coordinate axis least
    // aligned with d, with its d-component removed.
    private static double[] Orthogonal(double[] d)
    {
        int axis = 0;
        for (int i = 1; i < d.Length; i++)
        {
            if (Math.Abs(d[i]) < Math.Abs(d[axis]))
            {
                axis = i;
            }
        }

        var e = new double[d.Length];
        e[axis] = 1;
        VectorMath.Axpy(-d[axis], d, e);
        return Normalized(e);
    }

    private static double[] Normalized(double[] v)
    {
        var r = (double[])v.Clone();
        double norm = VectorMath.Norm(r);
        if (norm > 0)
        {
            VectorMath.Scale(r, 1 / norm);
        }

        return r;
    }

    private static double[] Subtract(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var r = new double[a.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = a[i] - b[i];
        }

        return r;
    }
}
