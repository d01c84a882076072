using System.Globalization;
using Descent.Cli;
using Descent.Schedules;
using Descent.Tests.Cli;

namespace Descent.Tests.Schedules;

/// <summary><c>descent schedule</c> and <c>descent schedules</c>. One class, because some tests set the static plot seam.</summary>
public sealed class ScheduleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-schedule-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Schedule_StepSpec_PrintsHeaderAndOneRowPerStepFromZero()
    {
        var (code, output, err) = CliTestHost.Run("schedule", "--schedule", "step:step_size=2,gamma=0.5", "--lr", "1", "--steps", "6");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal("step,lr\n0,1\n1,1\n2,0.5\n3,0.5\n4,0.25\n5,0.25\n6,0.125\n", output);
    }

    [Fact]
    public void Schedule_Rows_AreShortestRoundTripOfSimulate()
    {
        var (code, output, _) = CliTestHost.Run("schedule", "--schedule", "cosine:t_max=10,eta_min=0.001,warmup=3", "--lr", "0.1", "--steps", "30");
        Assert.Equal(0, code);
        var rows = output.TrimEnd('\n').Split('\n');
        var expected = ScheduleRegistry.Create("cosine:t_max=10,eta_min=0.001,warmup=3").Simulate(0.1, 30);
        Assert.Equal(31, rows.Length - 1);
        for (int k = 0; k <= 30; k++)
        {
            Assert.Equal($"{k},{expected[k].ToString("R", CultureInfo.InvariantCulture)}", rows[k + 1]);
        }
    }

    [Fact]
    public void Schedule_OneCycle_StartsAtMaxLrOverDivFactor()
    {
        var (code, output, _) = CliTestHost.Run("schedule", "--schedule", "onecycle:max_lr=1,total_steps=10", "--lr", "0.5", "--steps", "10");
        Assert.Equal(0, code);
        var rows = output.Split('\n');
        Assert.Equal("0,0.040000000000000036", rows[1]);
        Assert.Equal("2,1", rows[3]);
    }

    [Fact]
    public void Schedule_UnderGermanCulture_WritesInvariantNumbers()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var (code, output, _) = CliTestHost.Run("schedule", "--schedule", "exponential:gamma=0.5", "--lr", "0.1", "--steps", "2");
            Assert.Equal(0, code);
            Assert.Equal("step,lr\n0,0.1\n1,0.05\n2,0.025\n", output);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Schedule_Out_WritesTheFileAndNothingToStdout()
    {
        string path = Path.Combine(_dir, "lr.csv");
        var (code, output, _) = CliTestHost.Run("schedule", "--schedule", "exp_decay:decay_rate=0.5,decay_steps=10,staircase=true", "--lr", "0.1", "--steps", "30", "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        var lines = File.ReadAllLines(path);
        Assert.Equal(32, lines.Length);
        Assert.Equal("10,0.05", lines[11]);
        Assert.Equal("30,0.0125", lines[31]);
        Assert.Equal(["lr.csv"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("cosin:t_max=3", "unknown schedule \"cosin\"; did you mean \"cosine\"?")]
    [InlineData("step:gama=0.5", "unknown key \"gama\" for schedule \"step\"; did you mean \"gamma\"?")]
    [InlineData("step", "schedule \"step\" needs step_size")]
    [InlineData("plateau", "driven by a metric")]
    [InlineData("linear:start_factor=2", "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")]
    public void Schedule_BadSpec_Exits2WithOneLine(string spec, string fragment)
    {
        var (code, output, err) = CliTestHost.Run("schedule", "--schedule", spec, "--lr", "0.1", "--steps", "5");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("descent schedule: ", err, StringComparison.Ordinal);
        Assert.Contains(fragment, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--lr", "0.1", "--steps", "5" }, "--schedule is required")]
    [InlineData(new[] { "--schedule", "constant", "--steps", "5" }, "--lr is required")]
    [InlineData(new[] { "--schedule", "constant", "--lr", "0.1" }, "--steps is required")]
    [InlineData(new[] { "--schedule", "constant", "--lr", "0.1", "--steps", "-1" }, "--steps: expected")]
    [InlineData(new[] { "--schedule", "constant", "--lr", "abc", "--steps", "3" }, "--lr: expected")]
    [InlineData(new[] { "--schedule", "constant", "--lr", "0.1", "--steps", "3", "--setps", "4" }, "unknown option \"--setps\"")]
    [InlineData(new[] { "--schedule", "onecycle:max_lr=1,total_steps=10", "--lr", "0.1", "--steps", "11" }, "--steps 11 goes past the last step")]
    public void Schedule_BadArguments_Exit2(string[] options, string fragment)
    {
        var (code, output, err) = CliTestHost.Run(["schedule", .. options]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(fragment, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_OutInMissingDirectory_Exits2BeforeWriting()
    {
        string path = Path.Combine(_dir, "missing", "lr.csv");
        var (code, _, err) = CliTestHost.Run("schedule", "--schedule", "constant", "--lr", "0.1", "--steps", "3", "--out", path);
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lr.jpg", "must end in .svg or .png")]
    [InlineData("missing/lr.svg", "does not exist")]
    public void Schedule_BadPlotPath_Exits2(string name, string fragment)
    {
        var (code, _, err) = CliTestHost.Run("schedule", "--schedule", "constant", "--lr", "0.1", "--steps", "3", "--plot", Path.Combine(_dir, name));
        Assert.Equal(2, code);
        Assert.Contains(fragment, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_Plot_WritesAStaircaseSvgChartAndStillPrintsCsv()
    {
        string path = Path.Combine(_dir, "lr.svg");
        var (code, output, _) = CliTestHost.Run("schedule", "--schedule", "exp_decay:decay_rate=0.5,decay_steps=10,staircase=true", "--lr", "0.1", "--steps", "30", "--plot", path);
        Assert.Equal(0, code);
        Assert.StartsWith("step,lr\n", output, StringComparison.Ordinal);
        var svg = System.Xml.Linq.XDocument.Parse(File.ReadAllText(path));
        var text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + " "));
        Assert.Contains("exp_decay", text, StringComparison.Ordinal);
        Assert.Contains("learning rate", text, StringComparison.Ordinal);
        Assert.Contains("step", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedules_ListsEveryScheduleWithFormulaAndKeys()
    {
        var (code, output, _) = CliTestHost.Run("schedules");
        Assert.Equal(0, code);
        foreach (var d in ScheduleRegistry.All)
        {
            Assert.Contains($"\n{d.Name}  ", output, StringComparison.Ordinal);
            Assert.Contains(d.Formula, output, StringComparison.Ordinal);
            Assert.Contains(string.Join(", ", d.Keys.Select(k => k.Display)), output, StringComparison.Ordinal);
        }

        Assert.Contains("step_size (required), gamma=0.1, warmup=0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsBothCommands()
    {
        var (_, output, _) = CliTestHost.Run("help");
        Assert.Contains("schedule ", output, StringComparison.Ordinal);
        Assert.Contains("schedules ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_Help_ShowsUsage()
    {
        var (code, output, _) = CliTestHost.Run("schedule", "--help");
        Assert.Equal(0, code);
        Assert.Contains("descent schedule --schedule SPEC --lr BASE --steps N [--out FILE.csv] [--plot FILE.svg]", output, StringComparison.Ordinal);
    }
}
