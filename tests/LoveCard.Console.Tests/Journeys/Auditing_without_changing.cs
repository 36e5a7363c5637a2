using System.Net;
using System.Net.Http.Json;
using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Auditing_without_changing : Journey
{
    /// <summary>Every label of a button or link in the console that changes something.</summary>
    private static readonly string[] Changes =
    [
        "导入名册",
        "登记同意",
        "恢复使用",
        "停用",
        "补办新卡",
        "注销",
        "登记服务商",
        "纳入白名单",
        "恢复白名单",
        "暂停服务",
        "退出白名单",
        "保存服务项目与价格",
        "添加",
        "登记信用事件",
        "登记新终端",
        "重新发放激活码",
        "登记护理员",
        "提交审批",
        "审批通过",
        "审批发布",
        "提出新版本",
        "确认违规",
        "撤销",
        "登记外出/住院",
        "采纳",
        "驳回",
        "关账",
        "登记已支付",
        "支付失败",
        "有异议",
    ];

    [Test]
    public async Task An_auditor_reads_every_workspace_page_and_finds_no_way_to_change_anything()
    {
        var card = System.Seeder.Cards[DemoCounty.Category1Card];
        var provider = System.Seeder.ProviderIds[DemoCounty.BathTerminal];
        var page = await OpenAsync(People.Auditor(System), "/");
        foreach (
            var path in new[]
            {
                "/",
                "/cards",
                $"/cards/{card.CardId}",
                "/providers",
                $"/providers/{provider}",
                "/price-standards",
                "/funds",
                "/policies",
                "/anomalies",
                "/absences",
                "/audit",
                "/statements",
                $"/statements/providers/{provider}",
                "/disputes",
                "/clearing",
            }
        )
        {
            await GoAsync(page, path);
            await page.Locator("h1").WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            foreach (var tab in await page.Locator(".ant-tabs-tab").AllAsync())
            {
                await tab.ClickAsync();
                await FindNoChangeAsync(page, path);
            }

            await FindNoChangeAsync(page, path);
        }

        await ShotAsync(page, "journey-6-auditor-provider");
        await DocsShotAsync(page, "auditor-provider");
        foreach (var path in new[] { "/approvals", "/imports", "/elders", "/providers/new", "/policies/new" })
        {
            // Refused before any page is built: a plain page says so.
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
        }

        await ShotAsync(page, "journey-6-auditor-refused");
    }

    [Test]
    public async Task The_apis_refuse_an_auditor_who_tries_anyway()
    {
        // The auditor's own token from identity, as the console holds it for them.
        var page = await OpenAsync(People.Auditor(System), "/");
        var token = await AccessTokenAsync(page);
        using var settlement = System.Settlement.CreateClient();
        using var cards = System.Cards.CreateClient();
        var bearer = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        settlement.DefaultRequestHeaders.Authorization = bearer;
        cards.DefaultRequestHeaders.Authorization = bearer;
        var card = System.Seeder.Cards[DemoCounty.Category1Card];
        var anomaly = await settlement.PostAsJsonAsync(
            $"/api/anomalies/{Guid.NewGuid()}/resolve",
            new { status = "dismissed", note = "x" }
        );
        var suspend = await cards.PostAsJsonAsync(
            $"/api/cards/{card.CardId}/suspend",
            new { reason = "lost", note = "x" }
        );
        var topUp = await settlement.PostAsJsonAsync(
            $"/api/funds/{DemoCounty.Home}/fiscal/top-ups",
            new { amountFen = 100 }
        );
        Assert.Multiple(() =>
        {
            Assert.That(
                anomaly.StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden),
                "resolving anomalies is the bureau's"
            );
            Assert.That(suspend.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(topUp.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    private static async Task FindNoChangeAsync(IPage page, string path)
    {
        var controls = await page.Locator("main button, main a.ant-btn, .lc-content button, .lc-content a.ant-btn")
            .AllInnerTextsAsync();
        var offending = controls
            .Select(c => c.Trim())
            .Where(c => Changes.Any(change => c.Contains(change, StringComparison.Ordinal)))
            .ToArray();
        Assert.That(offending, Is.Empty, $"{path} offers an auditor: {string.Join("、", offending)}");
    }
}
