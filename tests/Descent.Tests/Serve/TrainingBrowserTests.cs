using System.Globalization;
using Descent.Tests.Demo;
using Microsoft.Playwright;

namespace Descent.Tests.Serve;

/// <summary>The training tab in headless Chromium: a bad spec shows the server's problem detail; a short race draws growing curves.</summary>
public sealed class TrainingBrowserTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [ChromiumFact]
    public async Task TrainingTab_ShortRace_CurvesGrowUntilStopped()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync(new Uri(fixture.Server.Url, "#training").AbsoluteUri);
        await page.Locator("#training-root[data-state=ready]").WaitForAsync();

        // A typo in an optimizer: the server's problem detail appears in the page, and nothing starts.
        var specs = page.Locator("#train-optimizers input.train-spec");
        Assert.Equal(3, await specs.CountAsync());
        await specs.Nth(2).FillAsync("adma:lr=0.01");
        await page.ClickAsync("#train-start");
        await page.Locator("#train-error:not([hidden])").WaitForAsync();
        Assert.Contains("did you mean \"adam\"", await page.InnerTextAsync("#train-error"), StringComparison.Ordinal);
        Assert.Contains("invalid", await specs.Nth(2).GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

        // A short, paced race on moons: the training-loss curves gain points while it runs.
        await specs.Nth(2).FillAsync("adam:lr=0.01");
        await page.FillAsync("#train-data-spec", "moons:n=300,noise=0.2");
        await page.FillAsync("#train-model", "mlp:2-16-2");
        await page.FillAsync("#train-epochs", "200");
        await page.FillAsync("#train-pace", "60");
        await page.ClickAsync("#train-start");
        await page.Locator("#training-root[data-state=running]").WaitForAsync();
        Assert.True(await page.Locator("#train-error").IsHiddenAsync());

        var firstLoss = page.Locator("#train-loss path.series.trainLoss[data-run='0']");
        await page.WaitForFunctionAsync("() => Number(document.querySelector(\"#train-loss path.series.trainLoss[data-run='0']\")?.dataset.points) >= 3");
        int before = await PointsAsync(firstLoss);
        await page.WaitForTimeoutAsync(400);
        int after = await PointsAsync(firstLoss);
        Assert.True(after > before, $"the curve did not grow: {before} → {after} points");

        // Every optimizer has its loss and accuracy curves and a legend row.
        Assert.Equal(3, await page.Locator("#train-loss path.series.trainLoss").CountAsync());
        Assert.Equal(3, await page.Locator("#train-loss path.series.validationLoss").CountAsync());
        Assert.Equal(3, await page.Locator("#train-accuracy path.series.validationAccuracy").CountAsync());
        Assert.Equal(3, await page.Locator("#train-legend tbody tr").CountAsync());

        await page.ClickAsync("#train-stop");
        await page.Locator("#training-root[data-state=stopped]").WaitForAsync();
        Assert.Contains("stopped", await page.InnerTextAsync("#train-status"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#train-start").IsEnabledAsync());
        Assert.True(await PointsAsync(firstLoss) < 201);
        Assert.Empty(errors);
    }

    private static async Task<int> PointsAsync(ILocator path) =>
        int.Parse(await path.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);
}
