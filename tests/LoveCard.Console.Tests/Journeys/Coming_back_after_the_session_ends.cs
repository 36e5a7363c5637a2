using LoveCard.Console.Auth;
using LoveCard.Console.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Coming_back_after_the_session_ends : Journey
{
    [Test]
    public async Task A_clerk_whose_session_ended_signs_in_again_and_lands_where_they_were_going()
    {
        var maker = People.Maker(System);
        var page = await OpenAsync(maker, "/cards");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("爱心卡管理");
        var visited = new List<string>();
        // Every page request, redirects included (a redirect chain commits only its last address).
        page.Request += (_, request) =>
        {
            if (request.ResourceType == "document")
            {
                visited.Add(request.Url);
            }
        };

        // What an expiry or a sign-out elsewhere does: the server-side session (tokens and all) is
        // gone while the browser still holds its cookie and the page its circuit.
        var ended = await SessionKeyAsync(page);
        await System.Console.Services.GetRequiredService<ServerTicketStore>().RemoveAsync(ended);
        await page.Locator(".lc-menu a[href='/funds']").ClickAsync();

        // Sent to sign in (identity may still know the clerk and answer at once) and back to /funds.
        await page.WaitForURLAsync(
            url =>
                !url.StartsWith(System.ConsoleUrl.AbsoluteUri, StringComparison.Ordinal)
                || (OnFunds(url) && visited.Any(v => v.Contains("/connect/authorize", StringComparison.Ordinal))),
            new() { Timeout = 30_000, WaitUntil = WaitUntilState.Commit }
        );
        await SignInOnIdentityAsync(page, maker);
        await page.WaitForURLAsync(url => OnFunds(url), new() { Timeout = 30_000 });
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("资金账户");
        Assert.Multiple(async () =>
        {
            Assert.That(
                visited,
                Has.Some.Contains("/signin?returnUrl=%2Ffunds"),
                "the console sent the clerk to sign in"
            );
            Assert.That(visited, Has.Some.Contains("/connect/authorize"), "through identity");
            Assert.That(await SessionKeyAsync(page), Is.Not.EqualTo(ended), "a new server-side session");
        });
        await ShotAsync(page, "journey-8-back-where-they-were");

        // Signing out ends the session here and at identity: the next visit asks for the password again.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signed-out");
        await Assertions.Expect(page.GetByText("您已安全退出")).ToBeVisibleAsync();
        await page.GotoAsync("/cards");
        Assert.That(new Uri(page.Url).AbsolutePath, Does.EndWith("/account/login"), "signed out at identity too");
    }

    private static bool OnFunds(string url) => new Uri(url).AbsolutePath == "/funds";
}
