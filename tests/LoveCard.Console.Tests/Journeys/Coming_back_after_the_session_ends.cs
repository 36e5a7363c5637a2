using LoveCard.Console.Auth;
using LoveCard.Console.Tests.Harness;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Coming_back_after_the_session_ends : Journey
{
    [Test]
    public async Task A_clerk_whose_session_ended_signs_in_again_and_lands_where_they_were_going()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, People.Maker, "/cards");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("爱心卡管理");

        await EndSessionOnTheServerAsync(page);
        await page.Locator(".lc-menu a[href='/funds']").ClickAsync();

        await page.WaitForURLAsync(
            url =>
                !url.Contains("/funds", StringComparison.Ordinal) || url.Contains("signin", StringComparison.Ordinal),
            new() { Timeout = 30_000 }
        );
        Assert.That(page.Url, Does.Contain("signin"), "sent to sign in");
        Assert.That(Uri.UnescapeDataString(page.Url), Does.Contain("/funds"), "with the page it was going to");
        await ShotAsync(page, "journey-8-sign-in-again");

        await SignInAgainAsync(page, People.Maker);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/funds");
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("资金账户");
    }

    /// <summary>
    /// What an expiry or a sign-out elsewhere does: the server-side session (tokens and all) is gone
    /// while the browser still holds its cookie and the page its circuit.
    /// </summary>
    private async Task EndSessionOnTheServerAsync(IPage page)
    {
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "lovecard.console");
        var services = System.Console.Services;
        var options = services
            .GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(ConsoleAuth.Cookie);
        var ticket = options.TicketDataFormat.Unprotect(cookie.Value)!;
        var key = ticket.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")!.Value;
        await services.GetRequiredService<ServerTicketStore>().RemoveAsync(key);
    }
}
