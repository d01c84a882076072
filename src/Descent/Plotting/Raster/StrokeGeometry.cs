namespace Descent.Plotting;

/// <summary>
/// Turns stroked lines into polygons for the filler: a rectangle per segment, a disc at every joint (round joins), and
/// discs or squares at the ends for round caps. All pieces share one orientation, so a non-zero fill draws their union
/// once (no darker overlaps for translucent lines).
/// </summary>
internal static class StrokeGeometry
{
    public static List<Point[]> Outline(IReadOnlyList<Point[]> lines, bool closed, double width, double[]? dash, bool roundCaps)
    {
        var result = new List<Point[]>();
        double hw = width / 2;
        if (!(hw > 0))
        {
            return result;
        }

        foreach (var raw in lines)
        {
            var pts = Dedupe(raw, closed);
            if (pts.Count == 0)
            {
                continue;
            }

            var pieces = dash is { Length: > 0 } && dash.Sum() > 0 ? Dashes(pts, dash) : [pts];
            foreach (var piece in pieces)
            {
                AddPolyline(result, piece, hw, roundCaps, closed && pieces.Count == 1);
            }
        }

        return result;
    }

    /// <summary>A polygon approximating a circle, with roughly 1.5-pixel chords.</summary>
    public static Point[] Disc(Point c, double r)
    {
        int n = Math.Clamp((int)Math.Ceiling(2 * Math.PI * r / 1.5), 8, 256);
        var pts = new Point[n];
        for (int i = 0; i < n; i++)
        {
            double a = 2 * Math.PI * i / n;
            pts[i] = new Point(c.X + (r * Math.Cos(a)), c.Y + (r * Math.Sin(a)));
        }

        return pts;
    }

    /// <summary>Twice the signed area (positive for clockwise on screen, where y grows downwards).</summary>
    public static double SignedArea2(Point[] ring)
    {
        double s = 0;
        for (int i = 0; i < ring.Length; i++)
        {
            var a = ring[i];
            var b = ring[(i + 1) % ring.Length];
            s += (a.X * b.Y) - (b.X * a.Y);
        }

        return s;
    }

    private static List<Point> Dedupe(Point[] raw, bool closed)
    {
        var pts = new List<Point>(raw.Length + 1);
        foreach (var p in raw)
        {
            if (pts.Count == 0 || (p - pts[^1]).Length > 1e-9)
            {
                pts.Add(p);
            }
        }

        if (closed && pts.Count > 1 && (pts[0] - pts[^1]).Length > 1e-9)
        {
            pts.Add(pts[0]);
        }

        return pts;
    }

    private static List<List<Point>> Dashes(List<Point> pts, double[] pattern)
    {
        var pieces = new List<List<Point>>();
        int k = 0;
        double left = pattern[0];
        bool on = true;
        var current = new List<Point> { pts[0] };
        for (int i = 0; i + 1 < pts.Count; i++)
        {
            var a = pts[i];
            var b = pts[i + 1];
            double segLen = (b - a).Length;
            double pos = 0;
            while (segLen - pos > left)
            {
                pos += left;
                var p = a + ((b - a) * (pos / segLen));
                if (on)
                {
                    current.Add(p);
                    pieces.Add(current);
                    current = [];
                }
                else
                {
                    current = [p];
                }

                on = !on;
                k = (k + 1) % pattern.Length;
                left = pattern[k];
            }

            left -= segLen - pos;
            if (on)
            {
                current.Add(b);
            }
        }

        if (on && current.Count > 1)
        {
            pieces.Add(current);
        }

        return pieces;
    }

    private static void AddPolyline(List<Point[]> result, List<Point> pts, double hw, bool roundCaps, bool closed)
    {
        if (pts.Count == 1)
        {
            if (roundCaps)
            {
                Add(result, Disc(pts[0], hw));
            }

            return;
        }

        for (int i = 0; i + 1 < pts.Count; i++)
        {
            var a = pts[i];
            var b = pts[i + 1];
            var d = b - a;
            double len = d.Length;
            if (len < 1e-12)
            {
                continue;
            }

            var n = new Point(-d.Y / len * hw, d.X / len * hw);
            Add(result, [a + n, b + n, b - n, a - n]);
            bool interior = i + 1 < pts.Count - 1 || closed;
            if (interior && hw > 0.35)
            {
                Add(result, Disc(b, hw));
            }
        }

        if (roundCaps && !closed)
        {
            Add(result, Disc(pts[0], hw));
            Add(result, Disc(pts[^1], hw));
        }
    }

    private static void Add(List<Point[]> result, Point[] ring)
    {
        if (SignedArea2(ring) < 0)
        {
            Array.Reverse(ring);
        }

        result.Add(ring);
    }
}
