namespace Descent.Cli;

/// <summary>Entry point of the <c>descent</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the tool; the exit code is 0 on success, 2 for a usage error and 1 for an internal error.</summary>
    public static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
