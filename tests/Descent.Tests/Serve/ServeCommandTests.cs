using Descent.Cli;
using Descent.Cli.Serve;
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

    [Fact]
    public async Task Run_PortZero_PrintsTheUrlServesThePageAndStopsWhenCancelled()
    {
        var started = new TaskCompletionSource<PlaygroundServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        ServeCommand.OnStarted = started.SetResult;
        ServeCommand.StopToken = stop.Token;
        try
        {
            var run = Task.Run(() => CliTestHost.Run("serve", "--port", "0"));
            var server = await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
            using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            {
                var html = await client.GetStringAsync(server.Url);
                Assert.Contains("<title>Descent playground</title>", html, StringComparison.Ordinal);
            }

            await stop.CancelAsync();
            var (code, output, err) = await run.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, code);
            Assert.Equal("", err);
            Assert.Equal($"Descent playground at {server.Url}  (Ctrl-C to stop)\nstopped\n", output.Replace("\r\n", "\n", StringComparison.Ordinal));
        }
        finally
        {
            ServeCommand.OnStarted = null;
            ServeCommand.StopToken = default;
        }
    }

    [Fact]
    public async Task Run_PortInUse_ExitsTwoNamingThePort()
    {
        await using var other = await PlaygroundServer.StartAsync(port: 0);
        int port = other.Url.Port;
        var (code, _, err) = CliTestHost.Run("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, code);
        Assert.Equal($"descent serve: --port {port}: the address 127.0.0.1:{port} is already in use; pick another with --port N (0 picks a free one)", err.TrimEnd());
    }
}
