using Microsoft.Playwright;

namespace Descent.Tests.Demo;

/// <summary>Opens the demo report in headless Chromium, once, and checks that every figure is actually drawn on the page.</summary>
[Collection(DemoReportCollection.Name)]
public sealed class DemoBrowserTests(DemoReportFixture demo)
{
    [ChromiumFact]
    public async Task Demo_InChromium_EverySectionAndFigureIsVisible()
    {
        Assert.Equal(0, demo.Code);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        await page.GotoAsync(new Uri(demo.ReportPath).AbsoluteUri);

        var headings = await page.Locator("section > h2").AllInnerTextsAsync();
        Assert.Equal(9, headings.Count);
        for (int i = 0; i < 9; i++)
        {
            Assert.StartsWith($"{i + 1}. ", headings[i], StringComparison.Ordinal);
        }

        var figures = await page.Locator("figure svg").AllAsync();
        Assert.True(figures.Count >= 17, $"{figures.Count} figures");
        foreach (var svg in figures)
        {
            var box = await svg.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 200 && box.Height > 150, $"figure drawn at {box.Width}×{box.Height}");
            Assert.True(await svg.IsVisibleAsync());
        }

        // Every section shows at least one figure, and nothing on the page failed to run.
        for (int i = 1; i <= 9; i++)
        {
            Assert.True(await page.Locator($"#section-{i} figure svg").CountAsync() >= 1, $"section {i} has no figure");
        }

        Assert.Empty(errors);
    }
}
