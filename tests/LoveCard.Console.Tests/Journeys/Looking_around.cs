using LoveCard.Console.Tests.Harness;

namespace LoveCard.Console.Tests.Journeys;

/// <summary>Temporary: opens each workspace for a screenshot while sign-in through identity is not on main yet.</summary>
public sealed class Looking_around : Journey
{
    [Test]
    public async Task A_bureau_clerk_sees_the_dashboard()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/dev/signin/as?role=bureau&county=330903&user=dev-maker&returnUrl=%2F");
        await InteractiveAsync(page);
        await page.GetByText("今日交易笔数").WaitForAsync();
        await ShotAsync(page, "dashboard");
    }
}
