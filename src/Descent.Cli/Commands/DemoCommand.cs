namespace Descent.Cli;

/// <summary><c>descent demo</c>: the lectures reproduced. Until the report exists, it shows what the tool can do.</summary>
public sealed class DemoCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "demo";

    /// <inheritdoc/>
    public string Summary => "reproduce the lectures' examples on built-in data";

    /// <inheritdoc/>
    public string Usage => "descent demo [--out DIR]";

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        args.String("out");
        args.RejectUnknown();
        HelpCommand.PrintOverview(output);
        return 0;
    }
}
