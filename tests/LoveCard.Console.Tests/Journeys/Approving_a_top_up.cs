using LoveCard.Console.Tests.Harness;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Approving_a_top_up : Journey
{
    [Test]
    public async Task The_maker_proposes_a_top_up_and_the_checker_approves_it_from_the_queue()
    {
        var maker = await OpenAsync(People.Maker(System), "/funds");
        var fiscalBefore = await FiscalBalanceAsync(maker);
        await maker.Locator("#top-up-amount").FillAsync("1234.56");
        await maker.Locator("#top-up-note").FillAsync("2026 年 12 月追加预算");
        await maker.GetByRole(AriaRole.Button, new() { Name = "提交审批" }).ClickAsync();
        await Assertions
            .Expect(maker.Locator("[data-test=top-up-proposed]"))
            .ToContainTextAsync("财政充值 ¥1,234.56，等待另一位经办人审批");

        await GoAsync(maker, "/approvals");
        var mine = maker.Locator("[data-test=pending-top-ups] tr", new() { HasText = "¥1,234.56" });
        await Assertions.Expect(mine).ToContainTextAsync("本人提出，需他人审批");
        await Assertions.Expect(mine.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var checker = await OpenAsync(People.Checker(System), "/approvals");
        var row = checker.Locator("[data-test=pending-top-ups] tr", new() { HasText = "¥1,234.56" });
        await row.GetByRole(AriaRole.Button, new() { Name = "审批通过" }).ClickAsync();
        await Assertions
            .Expect(checker.Locator("[data-test=reason-dialog]"))
            .ToContainTextAsync("¥1,234.56 立即记入财政资金账户");
        await ShotAsync(checker, "journey-3-checker-approves");
        await DocsShotAsync(checker, "bureau-approvals");
        await checker.GetByRole(AriaRole.Button, new() { Name = "确认入账" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);

        await GoAsync(checker, "/funds");
        Assert.That(
            await FiscalBalanceAsync(checker),
            Is.EqualTo(fiscalBefore + 123_456),
            "the fiscal fund grew by exactly the top-up"
        );
        await ShotAsync(checker, "journey-3-funds-after");

        // The bureau's dashboard, for the user guide.
        await GoAsync(checker, "/");
        await Assertions.Expect(checker.Locator("[data-test=today-lines]")).ToBeVisibleAsync();
        await DocsShotAsync(checker, "bureau-dashboard");
    }

    private static async Task<long> FiscalBalanceAsync(IPage page)
    {
        var cell = page.Locator("[data-test=balances] tr", new() { HasText = "财政" }).Locator(".lc-money");
        await cell.WaitForAsync();
        return LoveCard.Console.Formatting.Yuan.ParseFen(await cell.InnerTextAsync())!.Value;
    }
}
