using Microsoft.Playwright;

namespace Descent.Tests.Serve;

/// <summary>A browser context on the playground; collects the pages' script errors.</summary>
public sealed class BrowserSession(IBrowserContext context) : IAsyncDisposable
{
    private IPage? _first;

    /// <summary>The first page opened.</summary>
    public IPage Page => _first ?? throw new InvalidOperationException("no page is open");

    /// <summary>Uncaught exceptions and console errors of every page (a 400 answer, which the browser logs, excepted).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Opens <paramref name="url"/> in a new page and waits until the playground has drawn.</summary>
    public async Task<IPage> NewPageAsync(string url)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        page.PageError += (_, message) => Errors.Add(message);
        page.Console += (_, message) =>
        {
            // A 400 answer is part of some tests (a bad expression); the browser logs it as a failed resource.
            if (message.Type == "error" && !message.Text.Contains("400 (Bad Request)", StringComparison.Ordinal))
            {
                Errors.Add(message.Text);
            }
        };
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("body[data-ready=true]");
        _first ??= page;
        return page;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
