using Descent.Cli.Serve;
using Descent.Tests.Demo;
using Microsoft.Playwright;

namespace Descent.Tests.Serve;

/// <summary>
/// One in-process playground server and one headless Chromium, shared by a test class; each test opens its own browser context
/// (<see cref="OpenAsync"/>), so tests do not share cookies, storage or pages. Nothing starts where <see cref="ChromiumFactAttribute"/>
/// would skip the tests.
/// </summary>
public sealed class PlaygroundBrowserFixture : IAsyncLifetime
{
    private PlaygroundServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running server.</summary>
    public PlaygroundServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (new ChromiumFactAttribute().Skip != null)
        {
            return;
        }

        _server = await PlaygroundServer.StartAsync(port: 0);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_browser != null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server != null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new browser context with the playground open at <paramref name="query"/>, once the page says it is ready.</summary>
    public async Task<BrowserSession> OpenAsync(string query, int width = 1400, int height = 900)
    {
        var context = await (_browser ?? throw new InvalidOperationException("Chromium has not started")).NewContextAsync(
            new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var session = new BrowserSession(context);
        await session.NewPageAsync(new Uri(Server.Url, query).AbsoluteUri);
        return session;
    }
}

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
