namespace Descent.Plotting;

/// <summary>
/// An RGBA float image (premultiplied alpha) with an anti-aliased polygon filler. Coverage is exact area coverage per pixel:
/// each edge adds its signed area to an accumulation row, and a running sum along the row gives the winding-weighted coverage
/// (the approach of font-rs and stb_truetype's v2 rasteriser, written here from the geometry).
/// </summary>
internal sealed class PixelBuffer
{
    private readonly float[] _px;
    private double[] _acc = [];

    public PixelBuffer(int width, int height, Color background)
    {
        Width = width;
        Height = height;
        _px = new float[checked(width * height * 4)];
        float a = background.A / 255f;
        float r = background.R / 255f * a, g = background.G / 255f * a, b = background.B / 255f * a;
        for (int i = 0; i < _px.Length; i += 4)
        {
            _px[i] = r;
            _px[i + 1] = g;
            _px[i + 2] = b;
            _px[i + 3] = a;
        }
    }

    public int Width { get; }

    public int Height { get; }

    public Rect Bounds => new(0, 0, Width, Height);

    /// <summary>Fills closed rings (pixel coordinates) with a colour; <paramref name="clip"/> is in pixels too.</summary>
    public void FillRings(IReadOnlyList<Point[]> rings, Color color, bool evenOdd, Rect clip)
    {
        if (color.A == 0 || rings.Count == 0)
        {
            return;
        }

        double bx0 = double.MaxValue, by0 = double.MaxValue, bx1 = double.MinValue, by1 = double.MinValue;
        foreach (var ring in rings)
        {
            foreach (var p in ring)
            {
                bx0 = Math.Min(bx0, p.X);
                bx1 = Math.Max(bx1, p.X);
                by0 = Math.Min(by0, p.Y);
                by1 = Math.Max(by1, p.Y);
            }
        }

        clip = clip.Intersect(Bounds);
        int ix0 = (int)Math.Floor(Math.Max(bx0, clip.X));
        int iy0 = (int)Math.Floor(Math.Max(by0, clip.Y));
        int ix1 = (int)Math.Ceiling(Math.Min(bx1, clip.Right));
        int iy1 = (int)Math.Ceiling(Math.Min(by1, clip.Bottom));
        if (ix1 <= ix0 || iy1 <= iy0)
        {
            return;
        }

        int w = ix1 - ix0, h = iy1 - iy0, stride = w + 2;
        int need = stride * h;
        if (_acc.Length < need)
        {
            _acc = new double[Math.Max(need, _acc.Length * 2)];
        }

        Array.Clear(_acc, 0, need);
        foreach (var ring in rings)
        {
            for (int i = 0; i < ring.Length; i++)
            {
                var a = ring[i];
                var b = ring[(i + 1) % ring.Length];
                AddEdge(a.X - ix0, a.Y - iy0, b.X - ix0, b.Y - iy0, w, h, stride);
            }
        }

        float ca = color.A / 255f;
        float cr = color.R / 255f * ca, cg = color.G / 255f * ca, cb = color.B / 255f * ca;

        // Clip coverage is 1 except in the clip's border columns and rows; precompute it per column.
        var clipX = new float[w];
        for (int x = 0; x < w; x++)
        {
            clipX[x] = (float)Overlap(ix0 + x, clip.X, clip.Right);
        }

        for (int y = 0; y < h; y++)
        {
            float cy = (float)Overlap(iy0 + y, clip.Y, clip.Bottom);
            if (cy <= 0)
            {
                continue;
            }

            double sum = 0;
            int rowBase = y * stride;
            int px = (((iy0 + y) * Width) + ix0) * 4;
            for (int x = 0; x < w; x++, px += 4)
            {
                sum += _acc[rowBase + x];
                double cov;
                if (evenOdd)
                {
                    double m = Math.Abs(sum) % 2.0;
                    cov = m > 1 ? 2 - m : m;
                }
                else
                {
                    cov = Math.Min(1.0, Math.Abs(sum));
                }

                if (cov < 1e-4)
                {
                    continue;
                }

                float k = (float)cov * cy * clipX[x];
                if (k >= 0.9999f && ca >= 0.9999f)
                {
                    _px[px] = cr;
                    _px[px + 1] = cg;
                    _px[px + 2] = cb;
                    _px[px + 3] = 1;
                }
                else
                {
                    Blend(px, cr, cg, cb, ca, k);
                }
            }
        }
    }

    /// <summary>Draws an image stretched over <paramref name="dest"/> (pixels), nearest-neighbour or bilinear.</summary>
    public void DrawImage(RgbaImage image, Rect dest, bool smooth, Rect clip)
    {
        clip = clip.Intersect(Bounds).Intersect(dest);
        int x0 = (int)Math.Floor(clip.X), x1 = (int)Math.Ceiling(clip.Right);
        int y0 = (int)Math.Floor(clip.Y), y1 = (int)Math.Ceiling(clip.Bottom);
        for (int y = y0; y < y1; y++)
        {
            double cy = Overlap(y, clip.Y, clip.Bottom);
            double v = ((y + 0.5 - dest.Y) / dest.Height * image.Height) - 0.5;
            for (int x = x0; x < x1; x++)
            {
                double cov = cy * Overlap(x, clip.X, clip.Right);
                if (cov <= 0)
                {
                    continue;
                }

                double u = ((x + 0.5 - dest.X) / dest.Width * image.Width) - 0.5;
                var (r, g, b, a) = smooth ? Bilinear(image, u, v) : Nearest(image, u, v);
                Blend(((y * Width) + x) * 4, r * a, g * a, b * a, a, (float)cov);
            }
        }
    }

    public RgbaImage ToImage()
    {
        var img = new RgbaImage(Width, Height);
        var dst = img.Pixels;
        for (int i = 0; i < _px.Length; i += 4)
        {
            float a = _px[i + 3];
            if (a <= 0)
            {
                continue;
            }

            dst[i] = Color.ToByte(_px[i] / a * 255);
            dst[i + 1] = Color.ToByte(_px[i + 1] / a * 255);
            dst[i + 2] = Color.ToByte(_px[i + 2] / a * 255);
            dst[i + 3] = Color.ToByte(a * 255);
        }

        return img;
    }

    private static (float R, float G, float B, float A) Nearest(RgbaImage img, double u, double v)
    {
        int sx = Math.Clamp((int)Math.Floor(u + 0.5), 0, img.Width - 1);
        int sy = Math.Clamp((int)Math.Floor(v + 0.5), 0, img.Height - 1);
        var c = img.Get(sx, sy);
        return (c.R / 255f, c.G / 255f, c.B / 255f, c.A / 255f);
    }

    private static (float R, float G, float B, float A) Bilinear(RgbaImage img, double u, double v)
    {
        u = Math.Clamp(u, 0, img.Width - 1);
        v = Math.Clamp(v, 0, img.Height - 1);
        int xa = (int)Math.Floor(u), ya = (int)Math.Floor(v);
        int xb = Math.Min(xa + 1, img.Width - 1), yb = Math.Min(ya + 1, img.Height - 1);
        double fx = u - xa, fy = v - ya;
        var c00 = img.Get(xa, ya);
        var c10 = img.Get(xb, ya);
        var c01 = img.Get(xa, yb);
        var c11 = img.Get(xb, yb);
        float Mix(byte p00, byte p10, byte p01, byte p11) =>
            (float)((((p00 * (1 - fx)) + (p10 * fx)) * (1 - fy)) + (((p01 * (1 - fx)) + (p11 * fx)) * fy)) / 255f;
        return (Mix(c00.R, c10.R, c01.R, c11.R), Mix(c00.G, c10.G, c01.G, c11.G), Mix(c00.B, c10.B, c01.B, c11.B), Mix(c00.A, c10.A, c01.A, c11.A));
    }

    private void Blend(int i, float pr, float pg, float pb, float pa, float cov)
    {
        float k = 1 - (pa * cov);
        _px[i] = (pr * cov) + (_px[i] * k);
        _px[i + 1] = (pg * cov) + (_px[i + 1] * k);
        _px[i + 2] = (pb * cov) + (_px[i + 2] * k);
        _px[i + 3] = (pa * cov) + (_px[i + 3] * k);
    }

    /// <summary>How much of the pixel span [i, i+1] lies within [lo, hi].</summary>
    private static double Overlap(int i, double lo, double hi) => Math.Clamp(Math.Min(i + 1, hi) - Math.Max(i, lo), 0, 1);

    /// <summary>Adds one edge (window coordinates). Parts left of the window are pushed onto x = 0, which keeps the winding.</summary>
    private void AddEdge(double x0, double y0, double x1, double y1, int w, int h, int stride)
    {
        if (y0 == y1 || !double.IsFinite(x0 + y0 + x1 + y1))
        {
            return;
        }

        // Split where the edge crosses x = 0 and x = w, then clamp x: an edge wholly left of the window acts as a vertical
        // edge on its left border (same winding for every pixel); an edge wholly right of it affects no pixel.
        Span<double> ts = stackalloc double[4];
        int n = 0;
        ts[n++] = 0;
        foreach (double bound in (ReadOnlySpan<double>)[0.0, w])
        {
            if ((x0 - bound) * (x1 - bound) < 0)
            {
                ts[n++] = (bound - x0) / (x1 - x0);
            }
        }

        ts[n++] = 1;
        ts[..n].Sort();
        for (int k = 0; k + 1 < n; k++)
        {
            double ta = ts[k], tb = ts[k + 1];
            double xa = x0 + ((x1 - x0) * ta), ya = y0 + ((y1 - y0) * ta);
            double xb = x0 + ((x1 - x0) * tb), yb = y0 + ((y1 - y0) * tb);
            if (Math.Min(xa, xb) >= w)
            {
                continue;
            }

            AddLine(Math.Clamp(xa, 0, w), ya, Math.Clamp(xb, 0, w), yb, h, stride);
        }
    }

    private void AddLine(double x0, double y0, double x1, double y1, int h, int stride)
    {
        if (y0 == y1)
        {
            return;
        }

        double dir = 1;
        if (y0 > y1)
        {
            (x0, x1) = (x1, x0);
            (y0, y1) = (y1, y0);
            dir = -1;
        }

        double dxdy = (x1 - x0) / (y1 - y0);
        int r0 = Math.Max(0, (int)Math.Floor(y0));
        int r1 = Math.Min(h - 1, (int)Math.Ceiling(y1) - 1);
        for (int r = r0; r <= r1; r++)
        {
            double ya = Math.Max(y0, r), yb = Math.Min(y1, r + 1);
            double dy = yb - ya;
            if (dy <= 0)
            {
                continue;
            }

            double xa = x0 + ((ya - y0) * dxdy), xb = x0 + ((yb - y0) * dxdy);
            double lo = Math.Min(xa, xb), hi = Math.Max(xa, xb);
            double d = dir * dy;
            int rowBase = r * stride;

            // Pixel i gets d × C(i+1), where C(u) is the mean over the edge's x-range of clamp(u − x, 0, 1): the part of the
            // pixel right of the edge. The buffer stores differences C(i+1) − C(i), so a running sum restores the coverage.
            int i0 = (int)Math.Floor(lo);
            int i1 = Math.Min(stride - 1, (int)Math.Floor(hi) + 1);
            double prev = 0;
            for (int i = i0; i <= i1; i++)
            {
                double u = i + 1;
                double c = RampMean(u, lo, hi) - RampMean(u - 1, lo, hi);
                _acc[rowBase + i] += d * (c - prev);
                prev = c;
            }
        }
    }

    /// <summary>Mean of max(u − x, 0) for x uniform on [lo, hi].</summary>
    private static double RampMean(double u, double lo, double hi)
    {
        double width = hi - lo;
        if (width < 1e-12)
        {
            return Math.Max(u - lo, 0);
        }

        double a = Math.Max(u - lo, 0), b = Math.Max(u - hi, 0);
        return ((a * a) - (b * b)) / (2 * width);
    }
}
