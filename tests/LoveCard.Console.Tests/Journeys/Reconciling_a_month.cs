using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Reconciling_a_month : Journey
{
    [Test]
    public async Task A_provider_accountant_downloads_the_statement_and_reconciles_a_list_with_one_difference()
    {
        var accountant = People.MealAccountant(System);
        var page = await OpenAsync(accountant, "/provider/statement");
        await Assertions.Expect(page.Locator("[data-test=statement-lines]")).Not.ToContainTextAsync("—");
        await ShotAsync(page, "journey-5-provider-statement");
        await DocsShotAsync(page, "provider-statement");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("[data-test=download-xlsx]").ClickAsync()
        );
        var xlsx = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Multiple(() =>
        {
            Assert.That(download.SuggestedFilename, Does.EndWith(".xlsx"));
            Assert.That(xlsx.Take(2).ToArray(), Is.EqualTo("PK"u8.ToArray()), "an Excel workbook");
        });

        // The accountant's own list: every purchase of the month as the shop recorded it, one amount off by ¥1.00.
        var lines = await StatementLinesAsync(accountant.ProviderId!.Value, await AccessTokenAsync(page));
        Assert.That(lines, Is.Not.Empty, "the demo seed bought meals at this provider");
        var csv = new StringBuilder("小票号,交易时间,服务项目,金额\n");
        for (var i = 0; i < lines.Count; i++)
        {
            var (receipt, at, fen) = lines[i];
            var amount = (i == 0 ? fen + 100 : fen) / 100m;
            csv.Append(CultureInfo.InvariantCulture, $"{receipt},{at:yyyy-MM-dd HH:mm:ss},助餐,{amount:0.00}\n");
        }

        await GoAsync(page, "/provider/reconcile");
        await page.Locator("input[type=file]")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "本店十二月流水.csv",
                    MimeType = "text/csv",
                    Buffer = Encoding.GetEncoding("GB18030").GetBytes(csv.ToString()),
                }
            );
        var result = page.Locator("[data-test=reconcile-result]");
        await result.WaitForAsync();
        await Assertions.Expect(result.Locator("[data-test=amount-differs]")).ToContainTextAsync("1");
        await Assertions
            .Expect(result.Locator("[data-test=matched]"))
            .ToContainTextAsync((lines.Count - 1).ToString(CultureInfo.InvariantCulture));
        var differences = result.Locator("[data-test=differences] tbody tr");
        await Assertions.Expect(differences).ToHaveCountAsync(1);
        await Assertions.Expect(differences.First).ToContainTextAsync(lines[0].Receipt);
        await Assertions.Expect(differences.First).ToContainTextAsync("金额不一致");
        await Assertions.Expect(differences.First).ToContainTextAsync("¥1.00");
        await ShotAsync(page, "journey-5-reconciliation");
        await DocsShotAsync(page, "provider-reconcile");
    }

    /// <summary>
    /// The month's purchases as the provider's own statement lists them (read with a provider token).
    /// </summary>
    private async Task<List<(string Receipt, DateTimeOffset At, long Fen)>> StatementLinesAsync(
        Guid providerId,
        string token
    )
    {
        using var client = System.Settlement.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var period = DateTimeOffset
            .UtcNow.ToOffset(TimeSpan.FromHours(8))
            .ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var statement = JsonNode.Parse(
            await client.GetStringAsync($"/api/statements/providers/{providerId}?period={period}&pageSize=500")
        )!;
        return statement["lines"]!
            .AsArray()
            .Where(l => (string)l!["kind"]! == "purchase")
            .Select(l =>
                (
                    (string)l!["receiptNo"]!,
                    DateTimeOffset
                        .Parse((string)l["bookedAt"]!, CultureInfo.InvariantCulture)
                        .ToOffset(TimeSpan.FromHours(8)),
                    (long)l["amountFen"]!
                )
            )
            .ToList();
    }

    static Reconciling_a_month() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
