using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;

namespace LoveCard.Console.Tests.Journeys;

/// <summary>Temporary: opens each workspace for a screenshot while sign-in through identity is not on main yet.</summary>
[Explicit("screens for a human to look at")]
public sealed class Looking_around : Journey
{
    [Test]
    public async Task A_bureau_clerk_looks_at_every_page()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/dev/signin/as?role=bureau&county=330903&user=dev-maker&returnUrl=%2F");
        await InteractiveAsync(page);
        var card = System.Seeder.Cards[DemoCounty.Category1Card];
        var provider = System.Seeder.ProviderIds[DemoCounty.BathTerminal];
        foreach (var (name, path) in new[]
        {
            ("dashboard", "/"), ("elders", "/elders"), ("elder", $"/elders/{card.ElderId}"), ("imports", "/imports"),
            ("cards", "/cards"), ("card", $"/cards/{card.CardId}"), ("providers", "/providers"), ("provider", $"/providers/{provider}"),
            ("provider-new", "/providers/new"),
        })
        {
            await GoAsync(page, path);
            await Task.Delay(1500);
            await ShotAsync(page, "look-" + name);
        }
    }
}
