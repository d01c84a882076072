using Descent.Cli.Serve;
using Descent.Tests.Demo;
using Microsoft.Playwright;

namespace Descent.Tests.Serve;

/// <summary>
/// Drives the playground in headless Chromium against an in-process server: the page must draw what the API computes and keep
/// its state in the URL. Skipped (with the reason) where /usr/bin/chromium or Playwright's driver is missing.
/// </summary>
public sealed class PlaygroundBrowserTests(PlaygroundBrowserFixture fixture) : IClassFixture<PlaygroundBrowserFixture>
{
    private const string Expression = "(1 - x)^2 + 5*(y - x^2)^2";

    [ChromiumFact]
    public async Task Playground_ExpressionTwoOptimizersPlay_DrawsTwoPathsAndLossAndRoundTripsTheUrl()
    {
        await using var session = await fixture.OpenAsync("?f=booth&n=40");
        var page = session.Page;

        await page.FillAsync("#expression", Expression);
        await page.WaitForFunctionAsync("() => document.querySelector('#function-info').textContent.includes('5*(y')");
        await page.SelectOptionAsync("#add-optimizer", "gd");
        await page.SelectOptionAsync("#add-optimizer", "adam");
        Assert.Equal(2, await page.Locator("#optimizers > li").CountAsync());
        await page.FillAsync("#optimizers > li:nth-child(1) input[type=number][data-key=lr]", "0.05");
        await page.SelectOptionAsync("#speed", "400");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#overlay g.path').length === 2");
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.querySelector('#step-counter').textContent === 'step 40 / 40'");

        // Two paths of 41 points each on the contour, two lines on the loss chart, and one learning-rate line each.
        var paths = page.Locator("#overlay g.path");
        Assert.Equal(2, await paths.CountAsync());
        Assert.Equal(["gd:lr=0.05", "adam"], await paths.EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.spec)"));
        var pointCounts = await page.EvaluateAsync<int[]>(
            "() => [...document.querySelectorAll('#overlay g.path')].map(g => g.querySelector('polyline:last-of-type').getAttribute('points').trim().split(' ').length)");
        Assert.All(pointCounts, n => Assert.Equal(41, n));
        Assert.Equal(2, await page.Locator("#loss polyline.loss-line").CountAsync());
        Assert.Equal(2, await page.Locator("#lr path.lr-line").CountAsync());

        // The URL holds the state; a fresh page from it shows the same function, start and optimizers.
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        Assert.Equal(Expression, query["f"]);
        Assert.Equal(["gd:lr=0.05", "adam"], query.GetValues("o") ?? []);
        Assert.Equal("40", query["n"]);
        var start = query["s"];
        Assert.False(string.IsNullOrEmpty(start));

        var again = await session.NewPageAsync(page.Url);
        Assert.Equal(Expression, await again.InputValueAsync("#expression"));
        Assert.Equal(["gd:lr=0.05", "adam"], await again.Locator("#optimizers .spec").AllInnerTextsAsync());
        await again.WaitForFunctionAsync("() => document.querySelectorAll('#overlay g.path').length === 2");
        Assert.Equal(start, System.Web.HttpUtility.ParseQueryString(new Uri(again.Url).Query)["s"]);
        Assert.Empty(session.Errors);
    }

    [ChromiumFact]
    public async Task Playground_BadExpressionAndHover_ShowsColumnThenVerdict()
    {
        await using var session = await fixture.OpenAsync("?f=saddle");
        var page = session.Page;

        await page.FillAsync("#expression", "x^2 + (y");
        await page.WaitForSelectorAsync("#expression-error:not([hidden])");
        Assert.Equal("9", await page.GetAttributeAsync("#expression-error", "data-column"));
        Assert.Contains("at column 9", await page.InnerTextAsync("#expression-error"), StringComparison.Ordinal);

        // Back to the named saddle: hovering its centre shows the verdict with both eigenvector arrows drawn.
        await page.FillAsync("#expression", "");
        await page.WaitForSelectorAsync("#expression-error", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
        var box = await page.Locator("#contour-hit").BoundingBoxAsync();
        Assert.NotNull(box);
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.WaitForSelectorAsync("#verdict");
        Assert.Equal("saddle point", await page.InnerTextAsync("#verdict"));
        Assert.True(await page.Locator("#overlay g.analysis line").CountAsync() >= 4);

        // Scrolling up over the centre zooms in about it: the view shrinks by 1.2 and the contour is recomputed for it.
        await page.Mouse.WheelAsync(0, -100);
        await page.WaitForFunctionAsync("() => document.querySelector('#contour-caption').textContent.includes('[−1.67, 1.67]')");
        Assert.Equal("-1.66667", await page.InputValueAsync("#xmin"));
        Assert.Contains("v=-1.66667%2C1.66667%2C-1.66667%2C1.66667", page.Url, StringComparison.Ordinal);

        // A scene replaces the whole state through the URL.
        await page.SelectOptionAsync("#scene", new SelectOptionValue { Index = 3 });
        await page.WaitForURLAsync(url => url.Contains("s=1.5%2C0.001", StringComparison.Ordinal) || url.Contains("s=1.5,0.001", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal(["gd:lr=0.1", "momentum:lr=0.05,gamma=0.9", "adam:lr=0.1"], await page.Locator("#optimizers .spec").AllInnerTextsAsync());
        Assert.Empty(session.Errors);
    }

    [ChromiumFact]
    public async Task Playground_PickedColour_InUrlOnlyWhenNotThePalettes()
    {
        await using var session = await fixture.OpenAsync("?f=booth&o=gd:lr=0.05&o=adam&n=20");
        var page = session.Page;
        var swatches = page.Locator("#optimizers input.swatch");
        var palette = await swatches.EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)");
        Assert.Equal(2, palette.Length);
        Assert.DoesNotContain("c=", new Uri(page.Url).Query, StringComparison.Ordinal);

        // A colour picked on the second card: the URL lists it in the cards' order, with an empty entry for the first.
        await swatches.Nth(1).FillAsync("#123456");
        await page.WaitForURLAsync(url => System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["c"] == ",123456");

        // A fresh page from the link: the card, its path and its loss line have that colour; the first keeps the palette's.
        var again = await session.NewPageAsync(page.Url);
        Assert.Equal([palette[0], "#123456"], await again.Locator("#optimizers input.swatch").EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)"));
        await again.WaitForFunctionAsync("() => document.querySelectorAll('#loss polyline.loss-line').length === 2");
        Assert.Equal([palette[0], "#123456"], await again.Locator("#loss polyline.loss-line").EvaluateAllAsync<string[]>("ls => ls.map(l => l.getAttribute('stroke'))"));

        // Picking the palette's colour again takes it out of the URL.
        await again.Locator("#optimizers input.swatch").Nth(1).FillAsync(palette[1]);
        await again.WaitForURLAsync(url => !new Uri(url).Query.Contains("c=", StringComparison.Ordinal));
        Assert.Empty(session.Errors);
    }

    /// <summary>
    /// Writes the README's screenshot of the playground when DESCENT_SCREENSHOT names the PNG to write (otherwise does nothing):
    /// <c>DESCENT_SCREENSHOT=$PWD/docs/images/playground.png dotnet test --filter Playground_Screenshot</c>.
    /// </summary>
    [ChromiumFact]
    public async Task Playground_Screenshot_WrittenWhenRequested()
    {
        var path = Environment.GetEnvironmentVariable("DESCENT_SCREENSHOT");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        await using var session = await fixture.OpenAsync(
            "?f=ellipse&o=gd:lr=0.9&o=momentum:lr=0.1,gamma=0.8&o=adam:lr=0.5&n=100&sch=cosine:t_max=100", width: 1500, height: 900);
        var page = session.Page;
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#overlay g.path').length === 3");
        await page.SelectOptionAsync("#speed", "400");
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.querySelector('#step-counter').textContent === 'step 100 / 100'");
        var box = await page.Locator("#contour-hit").BoundingBoxAsync();
        Assert.NotNull(box);
        await page.Locator("#contour-hit").ClickAsync(new LocatorClickOptions
        {
            Position = new Position { X = box.Width * 0.3f, Y = box.Height * 0.3f },
            Modifiers = [KeyboardModifier.Shift],
        });
        await page.WaitForSelectorAsync("#verdict");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000);
    }
}
