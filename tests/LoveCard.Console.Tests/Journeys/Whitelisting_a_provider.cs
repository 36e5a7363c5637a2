using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;
using LoveCard.Demo.Codes;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Whitelisting_a_provider : Journey
{
    [Test]
    public async Task A_clerk_admits_a_provider_and_prices_under_the_ceiling_after_being_refused_one_above_it()
    {
        var page = await OpenAsync(People.Maker(System), "/providers/new");
        var name = $"夕阳红助餐点{Random.Shared.Next(1000, 9999)}";
        await page.Locator("#p-name").FillAsync(name);
        await page.Locator("#p-code")
            .FillAsync(UnifiedCodes.Make(DemoCounty.Home, 10_000_000 + Random.Shared.Next(100, 9_999_999)));
        await Select(page, "#p-type", "老年助餐企业");
        await page.Locator("#p-address").FillAsync("舟山市普陀区东港街道海景路 8 号");
        await page.Locator("#p-contact").FillAsync("周海燕");
        await page.Locator("#p-phone").FillAsync("0580-3012345");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存（待审核）" }).ClickAsync();

        var summary = page.Locator("[data-test=provider-summary]");
        await Assertions.Expect(summary).ToHaveAttributeAsync("data-status", "applied");
        await page.GetByRole(AriaRole.Button, new() { Name = "审核通过，纳入白名单" }).ClickAsync();
        await page.Locator("#reason-text").FillAsync("资质齐全，食品经营许可证有效");
        await page.GetByRole(AriaRole.Button, new() { Name = "纳入白名单" }).Last.ClickAsync();
        await Assertions.Expect(summary).ToHaveAttributeAsync("data-status", "whitelisted");

        await Select(page, "#add-item", "助餐");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        var price = page.Locator("tr[data-item=meal] input[data-test=price]");
        await price.FillAsync("25.00");
        await price.PressAsync("Tab");
        await Assertions.Expect(page.Locator("tr[data-item=meal]")).ToContainTextAsync("高于限价");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存服务项目与价格" }).ClickAsync();
        var error = page.Locator("[data-test=error]");
        await Assertions
            .Expect(error)
            .ToContainTextAsync("「助餐」的单价 ¥25.00 高于本县最高限价 ¥20.00，请降到限价以内后再保存。");
        await ShotAsync(page, "journey-2-price-above-ceiling");

        await price.FillAsync("18.00");
        await price.PressAsync("Tab");
        await Assertions.Expect(page.Locator("tr[data-item=meal]")).Not.ToContainTextAsync("高于限价");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存服务项目与价格" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已保存，终端在几秒内生效。")).ToBeVisibleAsync();
        await Assertions.Expect(error).ToHaveCountAsync(0);
        await ShotAsync(page, "journey-2-provider-whitelisted");
    }

    /// <summary>
    /// Ant Design's select: open it, pick the option by its text in the open dropdown, and see it chosen. On a
    /// loaded machine a click can land while the dropdown is still opening; the clerk would click again, so do we.
    /// </summary>
    private static async Task Select(IPage page, string selector, string option)
    {
        var select = page.Locator($".ant-select:has({selector}), .ant-select{selector}").First;
        var choice = page.Locator(".ant-select-dropdown .ant-select-item-option:visible", new() { HasText = option });
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator(selector).ClickAsync();
            await choice.First.ClickAsync();
            try
            {
                await Assertions.Expect(select).ToContainTextAsync(option, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
    }
}
