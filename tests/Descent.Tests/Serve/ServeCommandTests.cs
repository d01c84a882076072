using Descent.Tests.Cli;

namespace Descent.Tests.Serve;

public sealed class ServeCommandTests
{
    [Fact]
    public void Help_PrintsUsageWithPortAndHost()
    {
        var (code, output, _) = CliTestHost.Run("serve", "--help");
        Assert.Equal(0, code);
        Assert.Contains("descent serve [--port N] [--host ADDRESS]", output, StringComparison.Ordinal);
        Assert.Contains("--host", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--port", "abc")]
    public void Port_Invalid_ExitsTwoWithOneLine(string option, string value)
    {
        var (code, _, err) = CliTestHost.Run("serve", option + "=" + value);
        Assert.Equal(2, code);
        Assert.StartsWith("descent serve: --port", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("1.2.3")]
    [InlineData("")]
    public void Host_NotAnAddress_ExitsTwoNamingTheValue(string host)
    {
        var (code, _, err) = CliTestHost.Run("serve", "--host=" + host);
        Assert.Equal(2, code);
        Assert.Equal($"descent serve: --host: expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or localhost; got \"{host}\"", err.TrimEnd());
    }

    [Fact]
    public void UnknownOption_ExitsTwo()
    {
        var (code, _, err) = CliTestHost.Run("serve", "--prot", "80");
        Assert.Equal(2, code);
        Assert.StartsWith("descent serve: ", err, StringComparison.Ordinal);
    }
}
