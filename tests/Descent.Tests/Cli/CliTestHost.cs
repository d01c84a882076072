using Descent.Cli;

namespace Descent.Tests.Cli;

/// <summary>Runs the CLI in-process and captures its output.</summary>
internal static class CliTestHost
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Descent.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
