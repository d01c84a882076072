namespace Descent.Plotting;

/// <summary>Polyline simplification (Ramer–Douglas–Peucker) to keep SVG small without visible change.</summary>
internal static class Simplify
{
    /// <summary>
    /// Drops points that lie within <paramref name="tolerance"/> (canvas units) of the line through their kept neighbours.
    /// The first and last points are always kept.
    /// </summary>
    public static Point[] Polyline(IReadOnlyList<Point> pts, double tolerance)
    {
        int n = pts.Count;
        if (n <= 2)
        {
            return [.. pts];
        }

        var keep = new bool[n];
        keep[0] = keep[n - 1] = true;
        var stack = new Stack<(int, int)>();
        stack.Push((0, n - 1));
        double tol2 = tolerance * tolerance;
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            if (b <= a + 1)
            {
                continue;
            }

            double maxD = -1;
            int maxI = -1;
            for (int i = a + 1; i < b; i++)
            {
                double d = SegmentDistance2(pts[i], pts[a], pts[b]);
                if (d > maxD)
                {
                    maxD = d;
                    maxI = i;
                }
            }

            if (maxD > tol2)
            {
                keep[maxI] = true;
                stack.Push((a, maxI));
                stack.Push((maxI, b));
            }
        }

        var result = new List<Point>();
        for (int i = 0; i < n; i++)
        {
            if (keep[i])
            {
                result.Add(pts[i]);
            }
        }

        return [.. result];
    }

    private static double SegmentDistance2(Point p, Point a, Point b)
    {
        var ab = b - a;
        double len2 = (ab.X * ab.X) + (ab.Y * ab.Y);
        double t = len2 == 0 ? 0 : Math.Clamp((((p.X - a.X) * ab.X) + ((p.Y - a.Y) * ab.Y)) / len2, 0, 1);
        var q = a + (ab * t);
        var d = p - q;
        return (d.X * d.X) + (d.Y * d.Y);
    }
}
