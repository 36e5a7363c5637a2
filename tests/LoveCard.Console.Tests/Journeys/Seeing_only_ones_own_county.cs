using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Seeing_only_ones_own_county : Journey
{
    [Test]
    public async Task A_clerk_of_330902_sees_nothing_of_330903()
    {
        var page = await OpenAsync(People.Neighbour(System), "/cards");
        var cards = page.Locator("[data-test=cards] tbody tr");
        await Assertions.Expect(cards.First).ToBeVisibleAsync();
        var listed = await cards.AllInnerTextsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(listed, Has.Some.Contains("D0902"), "its own county's cards");
            Assert.That(listed, Has.None.Contains("D0903"), "none of 330903's");
        });
        await ShotAsync(page, "journey-7-neighbour-cards");

        var elsewhere = System.Seeder.Cards[DemoCounty.Category1Card];
        var provider = System.Seeder.ProviderIds[DemoCounty.MealTerminal];
        foreach (
            var path in new[]
            {
                $"/cards/{elsewhere.CardId}",
                $"/elders/{elsewhere.ElderId}",
                $"/providers/{provider}",
                $"/statements/providers/{provider}",
            }
        )
        {
            await GoAsync(page, path);
            await Assertions.Expect(page.Locator("[data-test=error]").First).ToContainTextAsync("没有找到这条记录");
            var text = await page.Locator(".lc-content").InnerTextAsync();
            Assert.That(text, Does.Not.Contain(elsewhere.CardNumber).And.Not.Contain("幸福食堂"), path);
        }

        await GoAsync(page, "/providers");
        await Assertions.Expect(page.Locator("[data-test=providers]")).Not.ToContainTextAsync("幸福食堂");
        await ShotAsync(page, "journey-7-neighbour-refused");
    }
}
