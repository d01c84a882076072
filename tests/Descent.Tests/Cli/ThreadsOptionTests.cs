using System.Text.Json;
using Descent.Kernels;

namespace Descent.Tests.Cli;

/// <summary>The global <c>--threads N</c> option: accepted by every command, validated, applied and undone.</summary>
public class ThreadsOptionTests
{
    [Theory]
    [InlineData("--threads", "3")]
    [InlineData("--threads=3", null)]
    public void Threads_BothSpellings_SetTheKernelThreadCount(string option, string? value)
    {
        string[] args = value == null
            ? ["bench", "matmul", "--size", "8", "--repeat", "1", "--warmup", "0", option]
            : ["bench", "matmul", "--size", "8", "--repeat", "1", "--warmup", "0", option, value];
        var (code, output, err) = CliTestHost.Run(args);
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(3, json.RootElement.GetProperty("threads").GetInt32());
    }

    [Fact]
    public void Threads_BeforeTheCommandName_IsAccepted()
    {
        var (code, output, err) = CliTestHost.Run("--threads", "1", "bench", "matmul", "--size", "8", "--repeat", "1", "--warmup", "0");
        Assert.True(code == 0, err);
        Assert.Contains("\"threads\": 1,", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("functions")]
    [InlineData("optimizers")]
    [InlineData("schedules")]
    [InlineData("help")]
    public void Threads_AnyCommand_AcceptsTheOption(string command)
    {
        var (code, _, err) = CliTestHost.Run(command, "--threads", "1");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void Threads_AfterTheRun_PreviousCountIsRestored()
    {
        int before = Parallelism.Threads;
        var (code, _, _) = CliTestHost.Run("optimizers", "--threads", before == 5 ? "6" : "5");
        Assert.Equal(0, code);
        Assert.Equal(before, Parallelism.Threads);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1.5")]
    [InlineData("257")]
    [InlineData("")]
    public void Threads_BadValue_Exits2WithOneLineNamingTheValue(string value)
    {
        var (code, output, err) = CliTestHost.Run("bench", "matmul", "--threads=" + value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"descent bench: --threads: expected a positive integer (at most 256), got \"{value}\"", err.TrimEnd());
    }

    [Fact]
    public void Threads_WithoutValue_Exits2()
    {
        var (code, _, err) = CliTestHost.Run("optimizers", "--threads");
        Assert.Equal(2, code);
        Assert.Equal("descent optimizers: --threads: expected a positive integer (at most 256), got no value", err.TrimEnd());
    }

    [Fact]
    public void Threads_FollowedByAnotherOption_Exits2()
    {
        var (code, _, err) = CliTestHost.Run("optimizers", "--threads", "--verbose");
        Assert.Equal(2, code);
        Assert.Contains("--threads: expected a positive integer (at most 256), got no value", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Threads_GivenTwice_Exits2()
    {
        var (code, _, err) = CliTestHost.Run("optimizers", "--threads", "1", "--threads=2");
        Assert.Equal(2, code);
        Assert.Contains("--threads is given more than once", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Threads_BadValue_ValidatedBeforeAnyWork()
    {
        // A bad thread count wins over the command's own (also bad) options: nothing runs.
        var (code, _, err) = CliTestHost.Run("bench", "matmul", "--size", "0", "--threads", "many");
        Assert.Equal(2, code);
        Assert.Contains("--threads", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Overview_ListsTheThreadsOption()
    {
        var (code, output, _) = CliTestHost.Run("help");
        Assert.Equal(0, code);
        Assert.Contains("--threads N", output, StringComparison.Ordinal);
        Assert.Contains("DESCENT_THREADS", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("two")]
    [InlineData("0")]
    [InlineData("1000")]
    public void ThreadsVariable_Invalid_Exits2NamingTheVariable(string value)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Descent.Cli.Cli.Run(["optimizers"], o, e, value);
        Assert.Equal(2, code);
        Assert.Equal($"descent optimizers: DESCENT_THREADS: expected a positive integer (at most 256), got \"{value}\"; fix or unset it, or pass --threads N", e.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("2")]
    [InlineData(" 1 ")]
    [InlineData("")]
    [InlineData(null)]
    public void ThreadsVariable_ValidOrUnset_RunsTheCommand(string? value)
    {
        var e = new StringWriter();
        Assert.Equal(0, Descent.Cli.Cli.Run(["optimizers"], new StringWriter(), e, value));
        Assert.Equal("", e.ToString());
    }

    [Fact]
    public void ThreadsVariable_InvalidButOptionGiven_OptionWins()
    {
        var e = new StringWriter();
        Assert.Equal(0, Descent.Cli.Cli.Run(["optimizers", "--threads", "1"], new StringWriter(), e, "two"));
    }
}
