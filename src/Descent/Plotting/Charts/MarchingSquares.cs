namespace Descent.Plotting;

/// <summary>
/// Level sets of a function sampled on a rectangular grid: contour lines by marching squares, and the filled region
/// {z ≥ level} as polygons (contour lines closed along the grid's border).
/// </summary>
/// <remarks>
/// Grid convention: <c>z[j, i]</c> is the value at (<c>xs[i]</c>, <c>ys[j]</c>), with <c>xs</c> and <c>ys</c> increasing.
/// Every contour is oriented with the region z ≥ level on its left (x right, y up), which is what lets the filled
/// region be assembled by walking the border counter-clockwise. Saddle cells are resolved by the cell-centre average.
/// Values must be finite (callers replace NaN and infinities first).
/// </remarks>
internal sealed class MarchingSquares
{
    private readonly double[,] _z;
    private readonly double[] _xs;
    private readonly double[] _ys;
    private readonly int _nx;
    private readonly int _ny;
    private readonly int _hCount;

    public MarchingSquares(double[,] z, double[] xs, double[] ys)
    {
        _z = z;
        _xs = xs;
        _ys = ys;
        _ny = z.GetLength(0);
        _nx = z.GetLength(1);
        if (_nx < 2 || _ny < 2 || xs.Length != _nx || ys.Length != _ny)
        {
            throw new ArgumentException($"Contour grid must be at least 2x2 with matching coordinates, got {_ny}x{_nx}.");
        }

        _hCount = _ny * (_nx - 1);
    }

    /// <summary>A contour piece in data coordinates. Open chains start and end on the grid border.</summary>
    public sealed record Chain(List<Point> Points, bool Closed, int StartEdge, int EndEdge);

    /// <summary>The contour lines at <paramref name="level"/>.</summary>
    public List<Chain> Trace(double level)
    {
        var next = new Dictionary<int, int>();
        Span<bool> inside = stackalloc bool[4];
        Span<int> edges = stackalloc int[4];
        for (int j = 0; j + 1 < _ny; j++)
        {
            for (int i = 0; i + 1 < _nx; i++)
            {
                double c0 = _z[j, i], c1 = _z[j, i + 1], c2 = _z[j + 1, i + 1], c3 = _z[j + 1, i];
                inside[0] = c0 >= level;
                inside[1] = c1 >= level;
                inside[2] = c2 >= level;
                inside[3] = c3 >= level;
                int code = (inside[0] ? 1 : 0) | (inside[1] ? 2 : 0) | (inside[2] ? 4 : 0) | (inside[3] ? 8 : 0);
                if (code is 0 or 15)
                {
                    continue;
                }

                // Counter-clockwise: bottom, right, top, left.
                edges[0] = HEdge(i, j);
                edges[1] = VEdge(i + 1, j);
                edges[2] = HEdge(i, j + 1);
                edges[3] = VEdge(i, j);
                bool saddle = code is 5 or 10;
                bool centreInside = saddle && ((c0 + c1 + c2 + c3) / 4) >= level;
                for (int k = 0; k < 4; k++)
                {
                    if (!(inside[k] && !inside[(k + 1) % 4]))
                    {
                        continue;
                    }

                    int target;
                    if (saddle)
                    {
                        target = centreInside ? (k + 1) % 4 : (k + 3) % 4;
                    }
                    else
                    {
                        target = -1;
                        for (int m = 0; m < 4; m++)
                        {
                            if (!inside[m] && inside[(m + 1) % 4])
                            {
                                target = m;
                            }
                        }
                    }

                    next[edges[k]] = edges[target];
                }
            }
        }

        var chains = new List<Chain>();
        var ends = new HashSet<int>(next.Values);
        foreach (int start in next.Keys.Where(k => !ends.Contains(k)).OrderBy(k => k).ToList())
        {
            var pts = new List<Point> { Crossing(start, level) };
            int cur = start;
            while (next.Remove(cur, out int nxt))
            {
                pts.Add(Crossing(nxt, level));
                cur = nxt;
            }

            chains.Add(new Chain(pts, false, start, cur));
        }

        while (next.Count > 0)
        {
            int start = next.Keys.Min();
            var pts = new List<Point> { Crossing(start, level) };
            int cur = start;
            while (next.Remove(cur, out int nxt))
            {
                pts.Add(Crossing(nxt, level));
                cur = nxt;
            }

            chains.Add(new Chain(pts, true, start, cur));
        }

        return chains;
    }

    /// <summary>
    /// The region z ≥ <paramref name="level"/> as rings for an even-odd fill (data coordinates), from the chains
    /// <see cref="Trace"/> returned for the same level.
    /// </summary>
    public List<Point[]> Region(double level, List<Chain> chains)
    {
        var rings = new List<Point[]>();
        var open = chains.Where(c => !c.Closed).ToList();
        foreach (var c in chains.Where(c => c.Closed))
        {
            rings.Add([.. c.Points]);
        }

        double x0 = _xs[0], x1 = _xs[^1], y0 = _ys[0], y1 = _ys[^1];
        double w = x1 - x0, h = y1 - y0, perimeter = 2 * (w + h);
        Point[] corners = [new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1)];
        double[] cornerT = [0, w, w + h, (2 * w) + h];

        if (open.Count == 0)
        {
            if (_z[0, 0] >= level)
            {
                rings.Add(corners);
            }

            return rings;
        }

        var startT = open.Select(c => BorderT(c.Points[0])).ToArray();
        var used = new bool[open.Count];
        for (int first = 0; first < open.Count; first++)
        {
            if (used[first])
            {
                continue;
            }

            var ring = new List<Point>();
            int cur = first;
            for (int guard = 0; guard <= open.Count && !used[cur]; guard++)
            {
                used[cur] = true;
                ring.AddRange(open[cur].Points);
                double tEnd = BorderT(open[cur].Points[^1]);

                // The next chain is the one whose start comes first going counter-clockwise from this end.
                int best = -1;
                double bestD = double.MaxValue;
                for (int k = 0; k < open.Count; k++)
                {
                    double d = startT[k] - tEnd;
                    if (d < 0)
                    {
                        d += perimeter;
                    }

                    if (d < bestD)
                    {
                        bestD = d;
                        best = k;
                    }
                }

                for (int ci = 0; ci < 8; ci++)
                {
                    int corner = ci % 4;
                    double d = cornerT[corner] - tEnd + (ci >= 4 ? perimeter : 0);
                    if (d > 0 && d < bestD)
                    {
                        ring.Add(corners[corner]);
                    }
                }

                cur = best;
            }

            if (ring.Count >= 3)
            {
                rings.Add([.. ring]);
            }
        }

        return rings;
    }

    private int HEdge(int i, int j) => (j * (_nx - 1)) + i;

    private int VEdge(int i, int j) => _hCount + (j * _nx) + i;

    private Point Crossing(int edge, double level)
    {
        if (edge < _hCount)
        {
            int j = edge / (_nx - 1), i = edge % (_nx - 1);
            double t = Fraction(_z[j, i], _z[j, i + 1], level);
            return new Point(_xs[i] + (t * (_xs[i + 1] - _xs[i])), _ys[j]);
        }
        else
        {
            int e = edge - _hCount;
            int j = e / _nx, i = e % _nx;
            double t = Fraction(_z[j, i], _z[j + 1, i], level);
            return new Point(_xs[i], _ys[j] + (t * (_ys[j + 1] - _ys[j])));
        }
    }

    private static double Fraction(double a, double b, double level) => b == a ? 0.5 : Math.Clamp((level - a) / (b - a), 0, 1);

    /// <summary>Counter-clockwise distance along the border from the bottom-left corner to a border point.</summary>
    private double BorderT(Point p)
    {
        double x0 = _xs[0], x1 = _xs[^1], y0 = _ys[0], y1 = _ys[^1];
        double w = x1 - x0, h = y1 - y0;
        double eps = 1e-9 * Math.Max(w, h);
        if (Math.Abs(p.Y - y0) <= eps && p.X < x1 - eps)
        {
            return p.X - x0;
        }

        if (Math.Abs(p.X - x1) <= eps && p.Y < y1 - eps)
        {
            return w + (p.Y - y0);
        }

        if (Math.Abs(p.Y - y1) <= eps && p.X > x0 + eps)
        {
            return w + h + (x1 - p.X);
        }

        return (2 * w) + h + (y1 - p.Y);
    }
}
