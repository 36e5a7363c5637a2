using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;
using LoveCard.Terminal;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Suspending_a_card : Journey
{
    [Test]
    public async Task A_clerk_suspends_a_lost_card_and_the_next_purchase_at_a_terminal_is_declined()
    {
        const string number = DemoCounty.Category2Card;
        using var meal = System.Terminal(DemoCounty.MealTerminal);
        Assert.That(
            (await meal.InquireAsync(new InquiryRequest(Credential.Card(number), "meal", 1))).DeclineCode,
            Is.Null,
            "usable before"
        );

        var page = await OpenAsync(People.Maker(System), "/cards");
        await page.Locator("[data-test=card-number] input, input[data-test=card-number]").First.FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var summary = page.Locator("[data-test=card-summary]");
        await Assertions.Expect(summary).ToHaveAttributeAsync("data-status", "active");

        await page.GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
        await Assertions
            .Expect(page.Locator("[data-test=reason-dialog]"))
            .ToContainTextAsync("终端刷卡、扫码、刷脸都会立即被拒绝");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认停用" }).ClickAsync();
        await Assertions
            .Expect(page.Locator("[data-test=dialog-error]"))
            .ToContainTextAsync("请选择停用原因", new() { Timeout = 5000 });
        await page.Locator("[data-test=reason-dialog] label", new() { HasText = "挂失" }).ClickAsync();
        await page.Locator("#reason-text").FillAsync("老人来电报失，家属陪同核实身份");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认停用" }).ClickAsync();
        await Assertions.Expect(summary).ToHaveAttributeAsync("data-status", "suspended");
        await Assertions.Expect(summary).ToContainTextAsync("停用 · 挂失");
        await ShotAsync(page, "journey-4-card-suspended");

        await Eventually.AssertAsync(
            async () =>
                (await meal.InquireAsync(new InquiryRequest(Credential.Card(number), "meal", 1))).DeclineCode
                == "card_suspended",
            TimeSpan.FromSeconds(15),
            () => "the terminal still accepts the card"
        );
        var declined = await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(number), "meal"));
        Assert.That(declined.DeclineCode, Is.EqualTo("card_suspended"));

        // Put the card back for the other journeys, through the page (恢复使用), and see the history record both.
        await page.GetByRole(AriaRole.Button, new() { Name = "恢复使用" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认恢复" }).ClickAsync();
        await Assertions.Expect(summary).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(page.Locator("[data-test=card-history]")).ToContainTextAsync("挂失");
    }
}
