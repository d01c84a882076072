using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Descent.Cli.Serve;

namespace Descent.Cli;

/// <summary><c>descent serve</c>: the optimizer playground (and training tab) in the browser, served from this machine.</summary>
public sealed class ServeCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "serve";

    /// <inheritdoc/>
    public string Summary => "open the optimizer playground in the browser (contours, paths, loss, schedules, Hessians)";

    /// <inheritdoc/>
    public string Usage => $"""
        descent serve [--port N] [--host ADDRESS]

          --port N          the TCP port (default {PlaygroundServer.DefaultPort}; 0 picks a free one)
          --host ADDRESS    the interface to listen on (default {PlaygroundServer.DefaultHost}, this machine only); 0.0.0.0 or ::
                            exposes the playground to the network, which has no authentication

        Prints the URL to open, then serves until Ctrl-C. The page: pick a test function or type an expression, click the contour
        plot to set the start, add optimizers and press play; hover a point for its gradient, Hessian and verdict. The page's state
        lives in its URL (share it), and 'export' downloads the report 'descent compare' writes. docs/serve.md describes the API.
        """;

    /// <summary>
    /// Called with the server once it listens, before the command blocks (tests use it to talk to the server and then stop it by
    /// cancelling <see cref="StopToken"/>). Null in normal use.
    /// </summary>
    public static Action<PlaygroundServer>? OnStarted { get; set; }

    /// <summary>When set, stops the server like Ctrl-C does (tests). Default: none.</summary>
    public static CancellationToken StopToken { get; set; }

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        int port = args.Int("port", PlaygroundServer.DefaultPort, min: 0, max: 65535);
        string host = args.String("host") ?? PlaygroundServer.DefaultHost;
        args.RejectUnknown();
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument \"{args.Positionals[0]}\"; descent serve takes only --port and --host");
        }

        try
        {
            PlaygroundServer.ParseHost(host);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(Problems.OneLine(e.Message));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        // Ctrl-C and SIGTERM stop the server gracefully instead of killing the process mid-response.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        RunAsync(port, host, output, stop.Token).GetAwaiter().GetResult();
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task RunAsync(int port, string host, TextWriter output, CancellationToken stop)
    {
        PlaygroundServer server;
        try
        {
            server = await PlaygroundServer.StartAsync(port, host, stop).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--port {port.ToString(CultureInfo.InvariantCulture)}: the address {host}:{port.ToString(CultureInfo.InvariantCulture)} is already in use; pick another with --port N (0 picks a free one)", e);
        }

        await using (server.ConfigureAwait(false))
        {
            output.WriteLine($"Descent playground at {server.Url}  (Ctrl-C to stop)");
            if (server.Url.Host is "0.0.0.0" or "[::]")
            {
                output.WriteLine($"  listening on every interface: open http://<this machine's address>:{server.Url.Port}/ from elsewhere, http://127.0.0.1:{server.Url.Port}/ here");
            }

            output.Flush();
            OnStarted?.Invoke(server);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: fall through to stop the server.
            }
        }

        output.WriteLine("stopped");
    }
}
