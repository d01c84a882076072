using System.Globalization;
using System.Text;

namespace Descent.Plotting;

/// <summary>Writes a <see cref="Canvas"/> as SVG 1.1/2 markup: invariant numbers with at most two decimals, escaped text.</summary>
internal static class SvgWriter
{
    /// <summary>System font stack: the viewer's UI font, no web fonts.</summary>
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

    /// <summary>
    /// The canvas as SVG. <paramref name="standalone"/> adds the XML declaration and namespace (an .svg file); without it the
    /// markup is meant to be inlined in HTML, where the namespace is implied. <paramref name="idPrefix"/> keeps the ids of
    /// several figures in one HTML page distinct.
    /// </summary>
    public static string Write(Canvas canvas, bool standalone, string idPrefix)
    {
        var w = new Writer(idPrefix);
        var sb = w.Sb;
        if (standalone)
        {
            sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }

        sb.Append("<svg");
        if (standalone)
        {
            sb.Append(" xmlns=\"http://www.w3.org/2000/svg\"");
        }

        sb.Append(" width=\"").Append(Num(canvas.Width)).Append("\" height=\"").Append(Num(canvas.Height))
          .Append("\" viewBox=\"0 0 ").Append(Num(canvas.Width)).Append(' ').Append(Num(canvas.Height)).Append('"')
          .Append(" role=\"img\"");
        bool hasTitle = !string.IsNullOrWhiteSpace(canvas.Title);
        bool hasDesc = !string.IsNullOrWhiteSpace(canvas.Description);
        if (hasTitle || hasDesc)
        {
            var ids = new List<string>();
            if (hasTitle)
            {
                ids.Add(idPrefix + "title");
            }

            if (hasDesc)
            {
                ids.Add(idPrefix + "desc");
            }

            sb.Append(" aria-labelledby=\"").Append(string.Join(' ', ids)).Append('"');
        }

        sb.Append(" font-family=\"").Append(FontFamily).Append("\">\n");
        if (hasTitle)
        {
            sb.Append("<title id=\"").Append(idPrefix).Append("title\">").Append(Escape(canvas.Title!)).Append("</title>\n");
        }

        if (hasDesc)
        {
            sb.Append("<desc id=\"").Append(idPrefix).Append("desc\">").Append(Escape(canvas.Description!)).Append("</desc>\n");
        }

        if (canvas.Background.A > 0)
        {
            sb.Append("<rect width=\"").Append(Num(canvas.Width)).Append("\" height=\"").Append(Num(canvas.Height)).Append('"');
            Paint(sb, "fill", canvas.Background);
            sb.Append("/>\n");
        }

        foreach (var e in canvas.Root.Children)
        {
            w.Element(e);
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>A number with at most two decimals, invariant culture, no trailing zeros, no negative zero.</summary>
    public static string Num(double v)
    {
        if (!double.IsFinite(v))
        {
            throw new InvalidOperationException($"Non-finite coordinate {v} reached the SVG writer.");
        }

        double r = Math.Round(v, 2);
        return r == 0 ? "0" : r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.</summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t' or '\n' or '\r': sb.Append(' '); break;
                default:
                    if (c >= ' ' && c != '\uFFFE' && c != '\uFFFF')
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    private static void Paint(StringBuilder sb, string attr, Color c)
    {
        sb.Append(' ').Append(attr).Append("=\"").Append(c.ToHex()).Append('"');
        if (c.A < 255)
        {
            sb.Append(' ').Append(attr).Append("-opacity=\"").Append(Math.Round(c.Opacity, 2).ToString("0.##", CultureInfo.InvariantCulture)).Append('"');
        }
    }

    private static void StrokeAttrs(StringBuilder sb, Stroke? s)
    {
        if (s is null)
        {
            return;
        }

        Paint(sb, "stroke", s.Color);
        sb.Append(" stroke-width=\"").Append(Num(s.Width)).Append('"');
        sb.Append(" stroke-linejoin=\"round\"");
        if (s.RoundCaps)
        {
            sb.Append(" stroke-linecap=\"round\"");
        }

        if (s.Dash is { Length: > 0 })
        {
            sb.Append(" stroke-dasharray=\"").Append(string.Join(' ', s.Dash.Select(Num))).Append('"');
        }
    }

    private sealed class Writer(string idPrefix)
    {
        private int _clipCount;

        public StringBuilder Sb { get; } = new();

        public void Element(Element e)
        {
            switch (e)
            {
                case GroupElement g: Group(g); break;
                case PathElement p: Path(p); break;
                case CircleElement c: Circle(c); break;
                case RectElement r: Rectangle(r); break;
                case TextElement t: Text(t); break;
                case ImageElement i: Image(i); break;
                default: throw new InvalidOperationException($"Unknown element {e.GetType().Name}.");
            }
        }

        private void ClassAttr(Element e)
        {
            if (!string.IsNullOrEmpty(e.Class))
            {
                Sb.Append(" class=\"").Append(Escape(e.Class)).Append('"');
            }
        }

        private void Group(GroupElement g)
        {
            if (g.Children.Count == 0)
            {
                return;
            }

            string? clipId = null;
            if (g.Clip is { } clip)
            {
                clipId = $"{idPrefix}clip{_clipCount++}";
                Sb.Append("<clipPath id=\"").Append(clipId).Append("\"><rect x=\"").Append(Num(clip.X)).Append("\" y=\"").Append(Num(clip.Y))
                  .Append("\" width=\"").Append(Num(clip.Width)).Append("\" height=\"").Append(Num(clip.Height)).Append("\"/></clipPath>\n");
            }

            Sb.Append("<g");
            ClassAttr(g);
            if (clipId is not null)
            {
                Sb.Append(" clip-path=\"url(#").Append(clipId).Append(")\"");
            }

            if (!string.IsNullOrEmpty(g.Label))
            {
                Sb.Append(" aria-label=\"").Append(Escape(g.Label)).Append('"');
            }

            Sb.Append(">\n");
            foreach (var child in g.Children)
            {
                Element(child);
            }

            Sb.Append("</g>\n");
        }

        private void Path(PathElement p)
        {
            if (p.Rings.Count == 1 && p.Rings[0].Length == 2 && !p.Closed)
            {
                var (a, b) = (p.Rings[0][0], p.Rings[0][1]);
                Sb.Append("<line x1=\"").Append(Num(a.X)).Append("\" y1=\"").Append(Num(a.Y)).Append("\" x2=\"").Append(Num(b.X))
                  .Append("\" y2=\"").Append(Num(b.Y)).Append('"');
            }
            else if (p.Rings.Count == 1)
            {
                Sb.Append(p.Closed ? "<polygon points=\"" : "<polyline points=\"");
                Points(p.Rings[0]);
                Sb.Append('"');
            }
            else
            {
                Sb.Append("<path d=\"");
                bool first = true;
                foreach (var ring in p.Rings)
                {
                    if (!first)
                    {
                        Sb.Append(' ');
                    }

                    first = false;
                    Sb.Append('M');
                    for (int i = 0; i < ring.Length; i++)
                    {
                        if (i == 1)
                        {
                            Sb.Append('L');
                        }
                        else if (i > 1)
                        {
                            Sb.Append(' ');
                        }

                        Sb.Append(Num(ring[i].X)).Append(',').Append(Num(ring[i].Y));
                    }

                    if (p.Closed)
                    {
                        Sb.Append('Z');
                    }
                }

                Sb.Append('"');
                if (p.Closed && p.EvenOdd)
                {
                    Sb.Append(" fill-rule=\"evenodd\"");
                }
            }

            ClassAttr(p);
            if (p.Closed && p.Fill is { } f)
            {
                Paint(Sb, "fill", f);
            }
            else
            {
                Sb.Append(" fill=\"none\"");
            }

            StrokeAttrs(Sb, p.Stroke);
            Sb.Append("/>\n");
        }

        private void Points(Point[] ring)
        {
            for (int i = 0; i < ring.Length; i++)
            {
                if (i > 0)
                {
                    Sb.Append(' ');
                }

                Sb.Append(Num(ring[i].X)).Append(',').Append(Num(ring[i].Y));
            }
        }

        private void Circle(CircleElement c)
        {
            Sb.Append("<circle cx=\"").Append(Num(c.Center.X)).Append("\" cy=\"").Append(Num(c.Center.Y)).Append("\" r=\"").Append(Num(c.Radius)).Append('"');
            ClassAttr(c);
            FillAttr(c.Fill);
            StrokeAttrs(Sb, c.Stroke);
            Sb.Append("/>\n");
        }

        private void Rectangle(RectElement r)
        {
            Sb.Append("<rect x=\"").Append(Num(r.Bounds.X)).Append("\" y=\"").Append(Num(r.Bounds.Y)).Append("\" width=\"").Append(Num(r.Bounds.Width))
              .Append("\" height=\"").Append(Num(r.Bounds.Height)).Append('"');
            ClassAttr(r);
            FillAttr(r.Fill);
            StrokeAttrs(Sb, r.Stroke);
            Sb.Append("/>\n");
        }

        private void FillAttr(Color? fill)
        {
            if (fill is { } f)
            {
                Paint(Sb, "fill", f);
            }
            else
            {
                Sb.Append(" fill=\"none\"");
            }
        }

        private void Text(TextElement t)
        {
            var s = t.Style;
            Sb.Append("<text x=\"").Append(Num(t.Position.X)).Append("\" y=\"").Append(Num(t.Position.Y)).Append('"');
            double dy = TextMetrics.BaselineShift(s.Baseline, s.Size);
            if (dy != 0)
            {
                Sb.Append(" dy=\"").Append(Num(dy)).Append('"');
            }

            if (s.Rotation != 0)
            {
                Sb.Append(" transform=\"rotate(").Append(Num(s.Rotation)).Append(' ').Append(Num(t.Position.X)).Append(' ').Append(Num(t.Position.Y)).Append(")\"");
            }

            ClassAttr(t);
            Sb.Append(" font-size=\"").Append(Num(s.Size)).Append('"');
            if (s.Anchor != TextAnchor.Start)
            {
                Sb.Append(" text-anchor=\"").Append(s.Anchor == TextAnchor.Middle ? "middle" : "end").Append('"');
            }

            if (s.Bold)
            {
                Sb.Append(" font-weight=\"bold\"");
            }

            if (s.Italic)
            {
                Sb.Append(" font-style=\"italic\"");
            }

            Paint(Sb, "fill", s.Color);
            if (s.Halo is { } halo)
            {
                Paint(Sb, "stroke", halo);
                Sb.Append(" stroke-width=\"").Append(Num(Math.Max(2, s.Size * 0.25))).Append("\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
            }

            Sb.Append('>').Append(Escape(t.Text)).Append("</text>\n");
        }

        private void Image(ImageElement i)
        {
            var png = PngEncoder.Encode(i.Image);
            Sb.Append("<image x=\"").Append(Num(i.Bounds.X)).Append("\" y=\"").Append(Num(i.Bounds.Y)).Append("\" width=\"").Append(Num(i.Bounds.Width))
              .Append("\" height=\"").Append(Num(i.Bounds.Height)).Append("\" preserveAspectRatio=\"none\"");
            ClassAttr(i);
            if (!i.Smooth)
            {
                Sb.Append(" style=\"image-rendering:pixelated\"");
            }

            Sb.Append(" href=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"/>\n");
        }
    }
}
