using System.Xml.Linq;
using Descent.Tests.Cli;

namespace Descent.Tests.Demo;

/// <summary>Runs <c>descent demo --out DIR</c> once for the tests of the written report (about five seconds).</summary>
public sealed class DemoReportFixture : IDisposable
{
    public DemoReportFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("descent-demo-").FullName;
        ReportDirectory = Path.Combine(Directory, "out");
        (Code, Out, Err) = CliTestHost.Run("demo", "--out", ReportDirectory);
        ReportPath = Path.Combine(ReportDirectory, "index.html");
        Html = File.Exists(ReportPath) ? File.ReadAllText(ReportPath) : "";
    }

    public string Directory { get; }

    public string ReportDirectory { get; }

    public string ReportPath { get; }

    public int Code { get; }

    public string Out { get; }

    public string Err { get; }

    public string Html { get; }

    /// <summary>The report as XML (HtmlReport writes well-formed XML after the doctype).</summary>
    public XDocument Document() => XDocument.Parse(Html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class DemoReportCollection : ICollectionFixture<DemoReportFixture>
{
    public const string Name = "demo report";
}
