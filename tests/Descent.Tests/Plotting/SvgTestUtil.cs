using System.Globalization;
using System.Xml.Linq;

namespace Descent.Tests.Plotting;

/// <summary>Helpers to inspect SVG output.</summary>
internal static class SvgTestUtil
{
    public static XNamespace Svg => "http://www.w3.org/2000/svg";

    public static XDocument Parse(string svg) => XDocument.Parse(svg);

    public static IEnumerable<XElement> WithClass(XDocument doc, string cssClass) =>
        doc.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true);

    /// <summary>Texts of the tick labels inside the axis group with the given class ("x" or "y").</summary>
    public static List<string> TickLabels(XDocument doc, string axis) =>
        [.. doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "axis " + axis)
            .SelectMany(g => g.Descendants(Svg + "text"))
            .Where(t => (string?)t.Attribute("class") == "tick-label")
            .Select(t => t.Value)];

    public static List<(double X, double Y)> Points(XElement polyline) =>
        [.. ((string)polyline.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(a => (double.Parse(a[0], CultureInfo.InvariantCulture), double.Parse(a[1], CultureInfo.InvariantCulture)))];
}
