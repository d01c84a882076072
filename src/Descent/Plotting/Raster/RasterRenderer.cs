namespace Descent.Plotting;

/// <summary>Rasterises a <see cref="Canvas"/> into an RGBA image with anti-aliasing; text uses <see cref="BitmapFont"/>.</summary>
internal static class RasterRenderer
{
    /// <summary>Largest image the renderer will allocate (pixels), about 400 MB of working memory.</summary>
    public const long MaxPixels = 25_000_000;

    public static RgbaImage Render(Canvas canvas, double scale)
    {
        if (!(scale > 0) || scale > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "PNG scale must be in (0, 16]; 1 gives one pixel per canvas unit, 2 suits high-DPI screens.");
        }

        int w = Math.Max(1, (int)Math.Ceiling(canvas.Width * scale - 1e-9));
        int h = Math.Max(1, (int)Math.Ceiling(canvas.Height * scale - 1e-9));
        if ((long)w * h > MaxPixels)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"A {w}x{h} PNG exceeds the {MaxPixels:N0}-pixel limit; use a smaller scale.");
        }

        var buffer = new PixelBuffer(w, h, canvas.Background);
        var r = new Renderer(buffer, scale);
        foreach (var e in canvas.Root.Children)
        {
            r.Draw(e, buffer.Bounds);
        }

        return buffer.ToImage();
    }

    private sealed class Renderer(PixelBuffer buffer, double scale)
    {
        public void Draw(Element e, Rect clip)
        {
            switch (e)
            {
                case GroupElement g:
                    var inner = g.Clip is { } gc ? clip.Intersect(Scale(gc)) : clip;
                    if (inner.Width > 0 && inner.Height > 0)
                    {
                        foreach (var child in g.Children)
                        {
                            Draw(child, inner);
                        }
                    }

                    break;
                case PathElement p:
                    DrawPath(p.Rings.Select(ring => ring.Select(Scale).ToArray()).ToList(), p.Closed, p.Fill, p.Stroke, p.EvenOdd, clip);
                    break;
                case CircleElement c:
                    DrawPath([StrokeGeometry.Disc(Scale(c.Center), c.Radius * scale)], true, c.Fill, c.Stroke, false, clip);
                    break;
                case RectElement r:
                    {
                        var b = Scale(r.Bounds);
                        if (r.Stroke is { } s)
                        {
                            b = SnapRect(b, s.Width * scale);
                        }

                        DrawPath([[new(b.X, b.Y), new(b.Right, b.Y), new(b.Right, b.Bottom), new(b.X, b.Bottom)]], true, r.Fill, r.Stroke, false, clip);
                        break;
                    }

                case TextElement t:
                    DrawText(t, clip);
                    break;
                case ImageElement i:
                    buffer.DrawImage(i.Image, Scale(i.Bounds), i.Smooth, clip);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown element {e.GetType().Name}.");
            }
        }

        private Point Scale(Point p) => new(p.X * scale, p.Y * scale);

        private Rect Scale(Rect r) => new(r.X * scale, r.Y * scale, r.Width * scale, r.Height * scale);

        private void DrawPath(List<Point[]> rings, bool closed, Color? fill, Stroke? stroke, bool evenOdd, Rect clip)
        {
            if (closed && fill is { } f)
            {
                buffer.FillRings(rings, f, evenOdd, clip);
            }

            if (stroke is { } s)
            {
                double width = s.Width * scale;
                if (!closed)
                {
                    rings = rings.Select(ring => SnapAxisAligned(ring, width)).ToList();
                }

                var dash = s.Dash?.Select(d => d * scale).ToArray();
                buffer.FillRings(StrokeGeometry.Outline(rings, closed, width, dash, s.RoundCaps), s.Color, false, clip);
            }
        }

        /// <summary>
        /// Moves a horizontal or vertical two-point line onto the pixel grid so it is crisp (1 px lines on pixel centres,
        /// 2 px lines on pixel edges), as browsers do for SVG's <c>shape-rendering</c> hints.
        /// </summary>
        private static Point[] SnapAxisAligned(Point[] ring, double width)
        {
            if (ring.Length != 2)
            {
                return ring;
            }

            var (a, b) = (ring[0], ring[1]);
            if (a.Y == b.Y)
            {
                double y = Snap(a.Y, width);
                return [a with { Y = y }, b with { Y = y }];
            }

            if (a.X == b.X)
            {
                double x = Snap(a.X, width);
                return [a with { X = x }, b with { X = x }];
            }

            return ring;
        }

        private static Rect SnapRect(Rect r, double width)
        {
            double x0 = Snap(r.X, width), y0 = Snap(r.Y, width), x1 = Snap(r.Right, width), y1 = Snap(r.Bottom, width);
            return new Rect(x0, y0, x1 - x0, y1 - y0);
        }

        private static double Snap(double v, double width)
        {
            int px = (int)Math.Round(width);
            return px % 2 == 1 ? Math.Floor(v) + 0.5 : Math.Round(v);
        }

        private void DrawText(TextElement t, Rect clip)
        {
            var s = t.Style;
            double sizePx = s.Size * scale;
            double dot = BitmapFont.DotSize(sizePx);
            double widthPx = BitmapFont.WidthInDots(t.Text, s.Bold, dot) * dot;
            double capPx = BitmapFont.CapRows * dot;
            double dx = TextMetrics.AnchorShift(s.Anchor, widthPx);
            double dy = s.Baseline switch
            {
                TextBaseline.Middle => capPx / 2,
                TextBaseline.Top => capPx,
                TextBaseline.Bottom => -2 * dot,
                _ => 0,
            };

            double angle = s.Rotation * Math.PI / 180;
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            bool axisAligned = Math.Abs(sin) < 1e-9 || Math.Abs(cos) < 1e-9;
            var origin = Scale(t.Position);
            if (axisAligned && dot >= 1)
            {
                // Snap the glyph grid (not the anchor) to whole pixels.
                double gx = origin.X + (cos * dx) - (sin * dy), gy = origin.Y + (sin * dx) + (cos * dy);
                origin = new Point(origin.X + Math.Round(gx) - gx, origin.Y + Math.Round(gy) - gy);
            }

            var rects = BitmapFont.Layout(t.Text, s.Bold, dot);
            List<Point[]> Rings(double grow)
            {
                var rings = new List<Point[]>(rects.Count);
                foreach (var (rx, ry, rw, rh) in rects)
                {
                    double x0 = dx + (rx * dot) - grow, y0 = dy + (ry * dot) - grow;
                    double x1 = dx + ((rx + rw) * dot) + grow, y1 = dy + ((ry + rh) * dot) + grow;
                    Point Tr(double x, double y) => new(origin.X + (cos * x) - (sin * y), origin.Y + (sin * x) + (cos * y));
                    rings.Add([Tr(x0, y0), Tr(x1, y0), Tr(x1, y1), Tr(x0, y1)]);
                }

                return rings;
            }

            if (s.Halo is { } halo)
            {
                buffer.FillRings(Rings(Math.Max(1, Math.Round(sizePx * 0.12))), halo, false, clip);
            }

            buffer.FillRings(Rings(0), s.Color, false, clip);
        }
    }
}
