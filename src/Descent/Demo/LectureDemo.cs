using System.Diagnostics;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>Options of <see cref="LectureDemo.Run"/>.</summary>
public sealed record DemoOptions
{
    /// <summary>
    /// Also train a softmax classifier on Fashion-MNIST in section 9 when the data set is installed (it is skipped, with a note,
    /// when it is not). Off by default, so the demo stays on built-in synthetic data: fast and deterministic.
    /// </summary>
    public bool FashionMnist { get; init; }
}

/// <summary>The demo's sections and its report.</summary>
public sealed class DemoRun
{
    internal DemoRun(IReadOnlyList<DemoSection> sections, HtmlReport report, TimeSpan elapsed)
    {
        Sections = sections;
        Report = report;
        Elapsed = elapsed;
    }

    /// <summary>The nine sections, in order.</summary>
    public IReadOnlyList<DemoSection> Sections { get; }

    /// <summary>The report, ready to save.</summary>
    public HtmlReport Report { get; }

    /// <summary>How long the computations and rendering took.</summary>
    public TimeSpan Elapsed { get; }
}

/// <summary>
/// The lectures reproduced: nine sections, each one idea from the course (learning rates, stopping rules, batch regimes,
/// momentum, adaptive rates, Adam's bias correction, learning-rate decay, saddle points, batch sizes and a classifier), computed
/// with the library on built-in data and written as one self-contained HTML page. This is what <c>descent demo</c> runs.
/// </summary>
public static class LectureDemo
{
    /// <summary>The report's file name inside the output directory.</summary>
    public const string ReportFileName = "index.html";

    /// <summary>Computes every section and builds the report.</summary>
    public static DemoRun Run(DemoOptions? options = null)
    {
        options ??= new DemoOptions();
        var clock = Stopwatch.StartNew();
        var sections = new List<DemoSection>
        {
            LearningRateSection.Compute(),
            StoppingRuleSection.Compute(),
            BatchRegimeSection.Compute(),
            MomentumSection.Compute(),
            AdaptiveRatesSection.Compute(),
            BiasCorrectionSection.Compute(),
            DecaySection.Compute(),
            SaddleSection.Compute(),
            BatchSizeSection.Compute(options.FashionMnist),
        };
        var report = BuildReport(sections);
        return new DemoRun(sections, report, clock.Elapsed);
    }

    /// <summary>The folder inside the output directory that <see cref="Write"/> puts separate figure files in.</summary>
    public const string FiguresFolder = "figures";

    /// <summary>
    /// Runs the demo and writes <c>DIR/index.html</c>, creating the directory if needed; returns the file's path. With
    /// <paramref name="figures"/>, also writes every figure as a standalone SVG, <c>DIR/figures/section-S-figure-F.svg</c>
    /// (S the section, F the figure's place in it), for use in other documents.
    /// </summary>
    public static (DemoRun Run, string Path) Write(string directory, DemoOptions? options = null, bool figures = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var run = Run(options);
        var path = System.IO.Path.Combine(directory, ReportFileName);
        run.Report.Save(path);
        if (figures)
        {
            WriteFigures(run.Report, System.IO.Path.Combine(directory, FiguresFolder));
        }

        return (run, path);
    }

    /// <summary>
    /// Writes every figure of <paramref name="report"/> as a standalone SVG file <c>section-S-figure-F.svg</c> in
    /// <paramref name="folder"/> (created if needed); returns the paths in report order.
    /// </summary>
    public static IReadOnlyList<string> WriteFigures(HtmlReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        for (int s = 0; s < report.Sections.Count; s++)
        {
            int f = 0;
            foreach (var figure in report.Sections[s].Blocks.OfType<ReportSection.FigureBlock>())
            {
                f++;
                var path = System.IO.Path.Combine(folder, $"section-{s + 1}-figure-{f}.svg");
                Descent.IO.AtomicFile.WriteAllText(path, figure.Canvas.ToSvg());
                paths.Add(path);
            }
        }

        return paths;
    }

    /// <summary>The report for computed sections.</summary>
    public static HtmlReport BuildReport(IReadOnlyList<DemoSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var report = new HtmlReport("Descent: the optimization lectures, reproduced")
        {
            Intro = "Each section takes one idea from the course's lectures on gradient descent and optimizers, says which lecture it comes " +
                "from, and recomputes it with Descent's own optimizers, schedules, models and data: the numbers in the tables and the " +
                "pictures are produced by the library, not copied from the slides. Everything runs on small built-in data in a few seconds " +
                "and is deterministic: run `descent demo` again and you get the same page.",
            Footer = "Made by `descent demo`. Lectures: 000 林英嘉 (Deep Learning: optimizers), 001 study notes (saddle points, batches, momentum), " +
                "002 Day 73 Gradient Descent, 003 随机梯度下降法, 004 李宏毅 (training tricks).",
        };
        foreach (var s in sections)
        {
            s.Render(report.AddSection(s.Heading));
        }

        return report;
    }
}
