namespace Descent.Tests.Cli;

public class CliBasicsTests
{
    [Fact]
    public void NoArguments_PrintsCommandList()
    {
        var (code, output, _) = CliTestHost.Run();
        Assert.Equal(0, code);
        Assert.Contains("Commands:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommand_Exits2WithSuggestion()
    {
        var (code, _, err) = CliTestHost.Run("dmeo");
        Assert.Equal(2, code);
        Assert.Contains("did you mean \"demo\"?", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }
}
