using System.Diagnostics;

namespace Descent.Tests.Demo;

/// <summary>
/// A fact that runs only where Debian's Chromium is installed at <see cref="ExecutablePath"/> (<c>apt-get install -y chromium</c>)
/// and Playwright's driver (the Node.js binary that ships in the Microsoft.Playwright package) can start; otherwise the test is
/// reported as skipped with the reason.
/// </summary>
/// <remarks>xunit 2.9 has no dynamic skip, so the attribute decides at discovery time by setting <see cref="FactAttribute.Skip"/>.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where the test expects the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<string?> SkipReason = new(FindSkipReason);

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser or the driver is missing.</summary>
    public ChromiumFactAttribute()
    {
        if (SkipReason.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? FindSkipReason()
    {
        if (!File.Exists(ExecutablePath))
        {
            return $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium)";
        }

        var node = Path.Combine(AppContext.BaseDirectory, ".playwright", "node", "linux-x64", "node");
        if (!OperatingSystem.IsLinux() || !File.Exists(node))
        {
            return $"Playwright's driver is not available for this platform (looked for {node})";
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(node, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process == null || !process.WaitForExit(10_000) || process.ExitCode != 0)
            {
                return "Playwright's driver (node --version) did not start";
            }
        }
#pragma warning disable CA1031 // Any failure to start the driver means the browser test cannot run here: skip it with the reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"Playwright's driver cannot start: {e.Message}";
        }

        return null;
    }
}
