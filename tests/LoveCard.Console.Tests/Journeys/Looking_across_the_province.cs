using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Looking_across_the_province : Journey
{
    [Test]
    public async Task The_province_compares_counties_side_by_side_and_opens_one()
    {
        var page = await OpenAsync(People.Province(System), "/province");
        var counties = page.Locator("[data-test=province-counties] tbody tr");
        await Assertions.Expect(counties.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var first = await counties.First.InnerTextAsync();
        Assert.That(first, Does.Contain("舟山市普陀区"), "the running demo county comes first");
        await Assertions.Expect(page.Locator(".lc-pager")).ToContainTextAsync("共 90 条");
        await ShotAsync(page, "journey-9-province");
        await DocsShotAsync(page, "province-overview");

        await counties.First.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("舟山市普陀区");
        await Assertions.Expect(page.Locator("[data-test=today-lines]")).ToBeVisibleAsync();
    }
}
