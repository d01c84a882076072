using System.Globalization;
using Descent.Tests.Demo;
using Microsoft.Playwright;

namespace Descent.Tests.Serve;

/// <summary>
/// The training tab in headless Chromium: a bad spec shows the server's problem detail; a short race draws growing curves; the
/// settings live in the URL.
/// </summary>
public sealed class TrainingBrowserTests(PlaygroundBrowserFixture fixture) : IClassFixture<PlaygroundBrowserFixture>
{
    [ChromiumFact]
    public async Task TrainingTab_ShortRace_CurvesGrowUntilStopped()
    {
        await using var session = await fixture.OpenAsync("#training", width: 1280);
        var page = session.Page;
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
        Assert.Empty(session.Errors);
    }

    [ChromiumFact]
    public async Task TrainingTab_SettingsEdited_LinkReopensTheTabWithThemNotStarted()
    {
        await using var session = await fixture.OpenAsync("?f=booth#training");
        var page = session.Page;
        await page.Locator("#training-root[data-state=ready]").WaitForAsync();
        var defaultUrl = new Uri(page.Url).Query;
        Assert.DoesNotContain("td=", defaultUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("to=", defaultUrl, StringComparison.Ordinal);

        // Every setting changed: data set, model, the optimizers (one added, one edited), a colour and the numbers.
        await page.FillAsync("#train-data-spec", "spirals:n=600,classes=4");
        await page.FillAsync("#train-model", "mlp:2-24-4");
        await page.ClickAsync("#train-add");
        var specs = page.Locator("#train-optimizers input.train-spec");
        Assert.Equal(4, await specs.CountAsync());
        await specs.Nth(1).FillAsync("sgd:lr=0.02,momentum=0.5");
        var expectedSpecs = await specs.EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)");
        var swatches = page.Locator("#train-optimizers input.swatch");
        var palette = await swatches.EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)");
        await swatches.Nth(0).FillAsync("#123456");
        await page.FillAsync("#train-epochs", "7");
        await page.FillAsync("#train-batch", "16");
        await page.FillAsync("#train-seed", "3");
        await page.FillAsync("#train-time", "30");
        await page.FillAsync("#train-pace", "150");
        await page.WaitForURLAsync(url => url.Contains("tp=150", StringComparison.Ordinal));

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        Assert.Equal("booth", query["f"]);
        Assert.Equal("spirals:n=600,classes=4", query["td"]);
        Assert.Equal("mlp:2-24-4", query["tm"]);
        Assert.Equal(expectedSpecs, query.GetValues("to") ?? []);
        Assert.Equal("123456", query["tc"]);
        Assert.Equal(["7", "16", "3", "30", "150"], new[] { "te", "tb", "ts", "tt", "tp" }.Select(k => query[k]));
        Assert.EndsWith("#training", page.Url, StringComparison.Ordinal);

        // The link opens the training tab with the same settings, and nothing runs.
        var again = await session.NewPageAsync(page.Url);
        await again.Locator("#training-root[data-state=ready]").WaitForAsync();
        Assert.True(await again.Locator("#tab-training").IsVisibleAsync());
        Assert.True(await again.Locator("#tab-playground").IsHiddenAsync());
        Assert.Equal("true", await again.GetAttributeAsync("#tab-link-training", "aria-selected"));
        Assert.Equal("spirals:n=600,classes=4", await again.InputValueAsync("#train-data-spec"));
        Assert.StartsWith("spirals", await again.EvaluateAsync<string>("() => document.querySelector('#train-data').selectedOptions[0].textContent"), StringComparison.Ordinal);
        Assert.Equal("mlp:2-24-4", await again.InputValueAsync("#train-model"));
        Assert.Equal(expectedSpecs, await again.Locator("#train-optimizers input.train-spec").EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)"));
        Assert.Equal(palette.Skip(1).Prepend("#123456"), await again.Locator("#train-optimizers input.swatch").EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)"));
        var numbers = await Task.WhenAll(new[] { "epochs", "batch", "seed", "time", "pace" }.Select(id => again.InputValueAsync("#train-" + id)));
        Assert.Equal(["7", "16", "3", "30", "150"], numbers);
        Assert.True(await again.Locator("#train-start").IsEnabledAsync());
        Assert.Equal(0, await again.Locator("#train-legend tbody tr").CountAsync());

        // The playground, which rewrote the URL while loading, kept the training keys.
        var reloaded = System.Web.HttpUtility.ParseQueryString(new Uri(again.Url).Query);
        Assert.Equal("booth", reloaded["f"]);
        Assert.Equal("spirals:n=600,classes=4", reloaded["td"]);
        Assert.Equal(expectedSpecs, reloaded.GetValues("to") ?? []);
        Assert.Empty(session.Errors);
    }

    private static async Task<int> PointsAsync(ILocator path) =>
        int.Parse(await path.GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);
}
