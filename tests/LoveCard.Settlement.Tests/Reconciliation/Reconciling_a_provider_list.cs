using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.Tests.Statements;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Reconciliation;

/// <summary>A provider's own list for June 2026 with planted differences is reported with exactly those.</summary>
public sealed class Reconciling_a_provider_list
{
    private const string Period = "2026-06";
    private string _county = "";
    private Guid _provider;
    private readonly List<(string Receipt, long AmountFen, DateTimeOffset At)> _ours = [];
    private string _refunded = "";
    private string _voided = "";

    [OneTimeSetUp]
    public async Task Book_a_month()
    {
        await StartAsync();
        _county = NewCounty();
        await BackOfficeData.AddFundsAsync(_county, _county + "001");
        _provider = await BackOfficeData.AddProviderAsync(_county);
        for (var i = 0; i < 12; i++)
        {
            var at = Local(2026, 6, 1 + i, 11, 30);
            var receipt = $"RC{_county}-{i:D3}";
            var id = await BackOfficeData.BookAsync(
                new PurchaseSpec(
                    _provider,
                    _county,
                    Guid.NewGuid(),
                    Guid.NewGuid(),
                    _county,
                    _county + "001",
                    at,
                    1000 + i,
                    200,
                    50,
                    250,
                    ReceiptNo: receipt
                )
            );
            _ours.Add((receipt, 1500 + i, at));
            if (i == 10)
            {
                await BackOfficeData.ReverseAsync(id, "refund", at.AddHours(1), refundFen: 400);
                _refunded = receipt;
            }

            if (i == 11)
            {
                await BackOfficeData.ReverseAsync(id, "void", at.AddMinutes(1));
                _voided = receipt;
            }
        }
    }

    private HttpClient Provider() => Host.CreateClient(Roles.Provider, _county, provider: _provider);

    private static StringContent Csv(string text) =>
        new("\uFEFF" + text, Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));

    /// <summary>
    /// Rows 2..9: the first eight purchases as LoveCard has them; row 10 the ninth with 1 fen more;
    /// the tenth left out; the refunded one at its net amount; the voided one not listed; one LoveCard never saw.
    /// </summary>
    private List<(string Receipt, string Time, string Item, long Fen)> OwnList()
    {
        var rows = _ours
            .Take(8)
            .Select(o =>
                (o.Receipt, $"{o.At.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss}", "meal", o.AmountFen)
            )
            .ToList();
        rows.Add((_ours[8].Receipt, "2026-06-09 11:30:00", "meal", _ours[8].AmountFen + 1));
        rows.Add((_refunded, "2026-06-11 11:30:00", "meal, large", _ours[10].AmountFen - 400));
        rows.Add(("RC-NOT-OURS", "2026-06-15 12:00:00", "meal", 1800));
        return rows;
    }

    private static string Cell(string text) => text.Contains(',') ? $"\"{text}\"" : text;

    [Test]
    public async Task Planted_differences_are_reported_exactly()
    {
        var csv = new StringBuilder("receiptNo,time,item,amountFen\r\n");
        foreach (var (receipt, time, item, fen) in OwnList())
        {
            csv.Append($"{receipt},{time},{Cell(item)},{fen}\r\n");
        }

        var response = await Provider()
            .PostAsync($"/api/reconciliations?providerId={_provider}&period={Period}", Csv(csv.ToString()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var answer = JsonNode.Parse(body)!;
        var summary = answer["summary"]!;
        var lines = answer["lines"]!.AsArray();
        string[] Keys(string outcome) =>
            lines.Where(l => (string)l!["outcome"]! == outcome).Select(l => (string)l!["key"]!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That((int)summary["matchedCount"]!, Is.EqualTo(9));
            Assert.That(Keys("amount_differs"), Is.EqualTo(new[] { _ours[8].Receipt }));
            Assert.That(
                lines.Single(l => (string)l!["outcome"]! == "amount_differs")!["differenceFen"]!.GetValue<long>(),
                Is.EqualTo(1)
            );
            Assert.That(Keys("missing_in_lovecard"), Is.EqualTo(new[] { "RC-NOT-OURS" }));
            Assert.That(
                lines.Single(l => (string)l!["key"]! == "RC-NOT-OURS")!["providerRow"]!.GetValue<int>(),
                Is.EqualTo(12)
            );
            Assert.That(
                Keys("missing_in_provider"),
                Is.EqualTo(new[] { _ours[9].Receipt }),
                "the voided purchase is not expected on the provider's list"
            );
            Assert.That((int)summary["missingInLovecard"]!, Is.EqualTo(1));
            Assert.That((int)summary["missingInProvider"]!, Is.EqualTo(1));
            Assert.That((int)summary["amountDifferences"]!, Is.EqualTo(1));
            Assert.That((long)summary["differenceFen"]!, Is.EqualTo(1 + 1800 - _ours[9].AmountFen));
            Assert.That(
                (long)summary["providerTotalFen"]! - (long)summary["lovecardTotalFen"]!,
                Is.EqualTo((long)summary["differenceFen"]!)
            );
            // LoveCard's side read from the ledger (ADR 0040): payable (subsidy) + counter (family) = its total.
            Assert.That(
                (long)summary["lovecardSubsidyFen"]! + (long)summary["lovecardFamilyFen"]!,
                Is.EqualTo((long)summary["lovecardTotalFen"]!)
            );
            Assert.That((long)summary["lovecardFamilyFen"]!, Is.InRange(10 * 250 + 250 - 400, 11 * 250));
        });

        var id = (string)summary["reconciliationId"]!;
        var kept = JsonNode.Parse(
            await Provider().GetStringAsync($"/api/reconciliations/{id}?outcome=missing_in_provider")
        )!;
        Assert.That((long)kept["totalLines"]!, Is.EqualTo(1));
        var download = await Provider().GetAsync($"/api/reconciliations/{id}?format=csv&headers=codes");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        var rows = CsvTestReader.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var difference = rows[0].IndexOf("differenceFen");
        Assert.That(
            rows.Skip(1)
                .Where(r => r[1] != "total")
                .Sum(r => long.Parse(r[difference], System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo((long)summary["differenceFen"]!)
        );
        Assert.That(rows.Skip(1).Count(r => r[1] != "total"), Is.EqualTo(12));
        var people = LoveCard.Testing.Exports.ExportFiles.Csv(
            await Provider().GetByteArrayAsync($"/api/reconciliations/{id}?format=csv")
        );
        var yuan = people[0].IndexOf("差额（元）");
        Assert.Multiple(() =>
        {
            Assert.That(people[0][..3], Is.EqualTo(new[] { "序号", "对账结果", "对账键" }));
            Assert.That(people[^1][1], Is.EqualTo("合计"));
            Assert.That(people.Skip(1).SkipLast(1).Select(r => r[1]), Does.Contain("金额不一致").And.Contain("一致"));
            Assert.That(
                people.Single(r => r[2] == _ours[0].Receipt)[people[0].IndexOf("老人姓名")],
                Is.EqualTo("王*华")
            );
            Assert.That(
                people[^1][yuan],
                Is.EqualTo(
                    ((long)summary["differenceFen"]! / 100m).ToString(
                        "0.00",
                        System.Globalization.CultureInfo.InvariantCulture
                    )
                )
            );
        });
        var sheet = LoveCard.Testing.Exports.ExportFiles.Xlsx(
            await Provider().GetByteArrayAsync($"/api/reconciliations/{id}?format=xlsx")
        );
        Assert.That(sheet.Skip(1).Select(r => r[yuan].Format), Has.All.EqualTo("0.00"));
        Assert.That(sheet[^1][yuan].Number, Is.EqualTo(sheet.Skip(1).SkipLast(1).Sum(r => r[yuan].Number)));
        Assert.That(
            (
                await Host.CreateClient(Roles.Provider, _county, provider: Guid.NewGuid())
                    .GetAsync($"/api/reconciliations/{id}")
            ).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound),
            "another provider"
        );
    }

    [Test]
    public async Task A_gb18030_csv_with_chinese_headers_and_an_xlsx_in_yuan_reconcile_like_the_csv_in_fen()
    {
        var english = new StringBuilder("receiptNo,time,item,amountFen\r\n");
        var chinese = new StringBuilder("小票号,消费时间,服务项目,金额（元）\r\n");
        var sheet = new List<Dictionary<string, object>>();
        foreach (var (receipt, time, item, fen) in OwnList())
        {
            english.Append($"{receipt},{time},{Cell(item)},{fen}\r\n");
            chinese.Append($"{receipt},{time},{Cell(item == "meal" ? "助餐" : "助餐，大份")},{fen / 100m:0.00}\r\n");
            sheet.Add(
                new()
                {
                    ["小票号"] = receipt,
                    ["时间"] = DateTime.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
                    ["服务项目"] = "助餐",
                    ["金额"] = fen / 100m,
                }
            );
        }

        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var gb18030 = new ByteArrayContent(Encoding.GetEncoding("GB18030").GetBytes(chinese.ToString()));
        gb18030.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var xlsx = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(xlsx, sheet);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        form.Add(file, "file", "本店六月流水.xlsx");

        var expected = await ReconcileAsync(Csv(english.ToString()));
        foreach (var (name, content) in new (string, HttpContent)[] { ("GB18030 CSV", gb18030), ("XLSX", form) })
        {
            var actual = await ReconcileAsync(content);
            Assert.Multiple(() =>
            {
                foreach (
                    var field in new[]
                    {
                        "matchedCount",
                        "missingInLovecard",
                        "missingInProvider",
                        "amountDifferences",
                        "providerTotalFen",
                        "lovecardTotalFen",
                        "differenceFen",
                        "keyColumn",
                    }
                )
                {
                    Assert.That(
                        actual.Summary[field]!.ToJsonString(),
                        Is.EqualTo(expected.Summary[field]!.ToJsonString()),
                        $"{name}: {field}"
                    );
                }

                Assert.That(actual.Lines, Is.EqualTo(expected.Lines), name + ": the same lines");
            });
        }
    }

    private async Task<(JsonNode Summary, string[] Lines)> ReconcileAsync(HttpContent content)
    {
        var response = await Provider()
            .PostAsync($"/api/reconciliations?providerId={_provider}&period={Period}", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var answer = JsonNode.Parse(body)!;
        var lines = answer["lines"]!
            .AsArray()
            .Select(l =>
                $"{l!["outcome"]} {l["key"]} {l["providerRow"]} {l["providerTime"]} {l["providerAmountFen"]} "
                + $"{l["differenceFen"]}"
            )
            .Order(StringComparer.Ordinal)
            .ToArray();
        return (answer["summary"]!, lines);
    }

    [TestCase(
        "receiptNo,time,item,amountFen\r\nA1,2026-06-01 10:00:00,meal,100\r\nA2,2026-06-01 10:00:00,meal,12x\r\n",
        3,
        "amountFen",
        "invalid_amount"
    )]
    [TestCase("receiptNo,time,item,amountFen\r\nA1,yesterday,meal,100\r\n", 2, "time", "invalid_time")]
    [TestCase(
        "receiptNo,time,item,amountFen\r\nA1,2026-06-01 10:00:00,meal,100\r\nA1,2026-06-01 10:00:00,meal,100\r\n",
        3,
        "receiptNo",
        "duplicate_key"
    )]
    [TestCase("receiptNo,time,amountFen\r\nA1,2026-06-01 10:00:00,100\r\n", 1, "item", "missing_column")]
    [TestCase("receiptNo,time,item,amountFen\r\nA1,2026-06-01 10:00:00,meal\r\n", 2, "receiptNo", "wrong_field_count")]
    public async Task A_bad_file_names_the_row_and_column_and_keeps_nothing(
        string file,
        int row,
        string column,
        string code
    )
    {
        var before = await ScalarAsync(
            "SELECT count(*) FROM reconciliations WHERE provider_id = @p",
            new { p = _provider }
        );
        var response = await Provider()
            .PostAsync($"/api/reconciliations?providerId={_provider}&period={Period}", Csv(file));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)problem["code"], Is.EqualTo(code));
            Assert.That((string?)problem["field"], Is.EqualTo(column));
            Assert.That((int?)problem["row"], Is.EqualTo(row));
            Assert.That(
                await ScalarAsync("SELECT count(*) FROM reconciliations WHERE provider_id = @p", new { p = _provider }),
                Is.EqualTo(before)
            );
        });
    }

    [Test]
    public async Task Another_provider_may_not_reconcile_this_one()
    {
        var response = await Host.CreateClient(Roles.Provider, _county, provider: Guid.NewGuid())
            .PostAsync(
                $"/api/reconciliations?providerId={_provider}&period={Period}",
                Csv("receiptNo,time,item,amountFen\r\n")
            );
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
