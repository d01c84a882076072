using Descent.Cli;

namespace Descent.Tests.Cli;

/// <summary>
/// A failure that is not the user's fault exits 1 with one line, and shows the stack trace only with <c>--verbose</c>. The failure is
/// injected through a command that exists only in this test (hosted with <see cref="Descent.Cli.Cli.Run(string[], TextWriter, TextWriter, IReadOnlyList{ICommand})"/>).
/// </summary>
public class InternalErrorTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Descent.Cli.Cli.Run(args, o, e, [.. Descent.Cli.Cli.Commands, new FailingCommand()]);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void InternalError_WithoutVerbose_PrintsOneLineAndExits1()
    {
        var (code, output, err) = Run("explode");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("descent explode: internal error: InvalidOperationException: the kernel lost its buffer (run with --verbose for details)", err.TrimEnd('\n'));
    }

    [Fact]
    public void InternalError_WithVerbose_AddsTheStackTrace()
    {
        var (code, _, err) = Run("explode", "--verbose");
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, code);
        Assert.Equal("descent explode: internal error: InvalidOperationException: the kernel lost its buffer", lines[0]);
        Assert.StartsWith("System.InvalidOperationException: the kernel lost its buffer", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(nameof(FailingCommand), StringComparison.Ordinal) && l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public void InternalError_MultiLineMessage_IsReportedOnOneLine()
    {
        var (code, _, err) = Run("explode", "--multiline");
        Assert.Equal(1, code);
        Assert.Equal("descent explode: internal error: InvalidOperationException: first line (run with --verbose for details)", err.TrimEnd('\n'));
    }

    [Fact]
    public void UserMistake_WithVerbose_HasNoTrace()
    {
        var (code, _, err) = Run("explode", "--verbose", "--bogus");
        Assert.Equal(2, code);
        Assert.Equal("descent explode: unknown option \"--bogus\"; valid options: --multiline", err.TrimEnd('\n'));
    }

    [Fact]
    public void InjectedCommand_IsNotAUserVisibleCommand() =>
        Assert.DoesNotContain(Descent.Cli.Cli.Commands, c => c.Name == "explode");

    /// <summary>Validates its options like a real command, then fails the way a bug would.</summary>
    private sealed class FailingCommand : ICommand
    {
        public string Name => "explode";

        public string Summary => "fails with an internal error (tests only)";

        public string Usage => "descent explode [--multiline]";

        public int Run(CliArgs args, TextWriter output, TextWriter err)
        {
            bool multiline = args.Flag("multiline");
            args.RejectUnknown();
            throw new InvalidOperationException(multiline ? "first line\nsecond line" : "the kernel lost its buffer");
        }
    }
}
