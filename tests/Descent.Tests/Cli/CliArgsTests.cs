using Descent.Cli;

namespace Descent.Tests.Cli;

/// <summary>The option parser's behaviour behind the one-message-shape rule, and the commands it makes work.</summary>
public class CliArgsTests
{
    [Fact]
    public void Flag_FollowedByAWord_LeavesTheWordAsAnArgument()
    {
        var args = CliArgs.Parse(["--names", "adam"]);
        Assert.True(args.Flag("names"));
        Assert.Equal(["adam"], args.Positionals);
    }

    [Fact]
    public void Flag_WordBetweenArguments_KeepsTheirOrder()
    {
        var args = CliArgs.Parse(["first", "--quiet", "second", "third"]);
        Assert.True(args.Flag("quiet"));
        Assert.Equal(["first", "second", "third"], args.Positionals);
    }

    [Theory]
    [InlineData("--quiet=true", true)]
    [InlineData("--quiet=false", false)]
    [InlineData("--quiet", true)]
    public void Flag_ExplicitValue_IsHonoured(string arg, bool expected) => Assert.Equal(expected, CliArgs.Parse([arg]).Flag("quiet"));

    [Fact]
    public void NegativeNumber_AfterAnOption_IsItsValue() => Assert.Equal(-4, CliArgs.Parse(["--n", "-4"]).Int("n", 0));

    [Fact]
    public void Choice_Absent_IsTheFirstChoice() => Assert.Equal("json", CliArgs.Parse([]).Choice("format", "json", "text"));

    [Theory]
    [InlineData("--tol", "1e-3", 1e-3)]
    [InlineData("--tol", "+2", 2.0)]
    public void Positive_ValidNumber_IsParsedInvariantly(string name, string value, double expected) =>
        Assert.Equal(expected, CliArgs.Parse([name, value]).Positive("tol", 1));

    [Fact]
    public void RejectUnknown_HelpAndH_AreNotListedAsValidOptions()
    {
        var args = CliArgs.Parse(["--bogus"]);
        args.Has("help");
        args.Has("h");
        args.Int("steps", 1);
        var e = Assert.Throws<UsageException>(() => args.RejectUnknown());
        Assert.Equal("unknown option \"--bogus\"; valid options: --steps", e.Message);
    }

    [Fact]
    public void OptimizersCommand_NamesThenAName_PrintsThatName()
    {
        var (code, output, err) = CliTestHost.Run("optimizers", "--names", "adam");
        Assert.Equal(0, code);
        Assert.Equal("adam\n", output.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("", err);
    }

    [Fact]
    public void HelpCommand_WithACommand_PrintsItsUsage()
    {
        var (code, output, _) = CliTestHost.Run("help", "schedule");
        Assert.Equal(0, code);
        Assert.Equal(new ScheduleCommand().Usage.TrimEnd(), output.TrimEnd());
    }
}
