using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using LoveCard.Testing.Exports;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>
/// Statements and the county summary as people open them (ADR 0032): Chinese headers, yuan with two
/// decimals, the provider's and the item's names beside their codes, Asia/Shanghai times, a totals
/// row equal to the sum of the rows; <c>?headers=codes</c> keeps the machine names and whole fen.
/// </summary>
public sealed class Exporting_for_people
{
    private const string Period = "2026-05";
    private static readonly string[] YuanHeaders =
    [
        "金额（元）",
        "财政补贴（元）",
        "集体补贴（元）",
        "慈善补贴（元）",
        "个人支付（元）",
    ];
    private static readonly string[] FenCodes = ["amountFen", "fiscalFen", "collectiveFen", "charityFen", "familyFen"];
    private string _county = "";
    private Guid _provider;

    [OneTimeSetUp]
    public async Task Book_a_few_purchases()
    {
        await StartAsync();
        _county = NewCounty();
        await BackOfficeData.AddFundsAsync(_county, _county + "001");
        _provider = await BackOfficeData.AddProviderAsync(_county, "阳光食堂");
        await using (var connection = await OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO rm_provider_items
                       (provider_id, item_code, name, unit, unit_price_fen, discount_percent, effective_from)
                VALUES (@p, 'meal', '爱心午餐', '份', 1500, 0, '2026-01-01')
                """,
                new { p = _provider }
            );
        }

        var elder = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            var id = await BackOfficeData.BookAsync(
                new PurchaseSpec(
                    _provider,
                    _county,
                    elder,
                    Guid.NewGuid(),
                    _county,
                    _county + "001",
                    Local(2026, 5, 3 + i, 11, 30),
                    1001 + i,
                    203,
                    51,
                    257,
                    Item: i == 4 ? "bath" : "meal"
                )
            );
            if (i == 1)
            {
                await BackOfficeData.ReverseAsync(id, "void", Local(2026, 5, 4, 11, 35));
            }

            if (i == 2)
            {
                await BackOfficeData.ReverseAsync(id, "refund", Local(2026, 5, 5, 18, 0), refundFen: 333);
            }
        }
    }

    private HttpClient Provider() => Host.CreateClient(Roles.Provider, _county, provider: _provider);

    private async Task<byte[]> DownloadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonNode> TotalsAsync() =>
        JsonNode.Parse(await Provider().GetStringAsync($"/api/statements/providers/{_provider}?period={Period}"))![
            "totals"
        ]!;

    [Test]
    public async Task A_statement_csv_has_chinese_headers_yuan_names_and_a_totals_row_equal_to_the_sum()
    {
        var rows = ExportFiles.Csv(
            await DownloadAsync(Provider(), $"/api/statements/providers/{_provider}?period={Period}&format=csv")
        );
        var header = rows[0];
        int Col(string name) => header.IndexOf(name);
        var data = rows.Skip(1).Where(r => r[Col("类型")] != "合计").ToList();
        var total = rows.Single(r => r[Col("类型")] == "合计");
        var json = await TotalsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(
                header,
                Is.EqualTo(
                    new[]
                    {
                        "记账时间",
                        "类型",
                        "小票号",
                        "幂等键",
                        "终端编号",
                        "服务商编号",
                        "服务商名称",
                        "老人编号",
                        "老人姓名",
                        "老人所属县区",
                        "服务项目代码",
                        "服务项目",
                        "数量",
                        "金额（元）",
                        "财政补贴（元）",
                        "集体补贴（元）",
                        "慈善补贴（元）",
                        "个人支付（元）",
                    }
                )
            );
            Assert.That(rows[^1], Is.SameAs(total), "the totals row is last");
            Assert.That(data, Has.Count.EqualTo((int)json["lines"]!));
            Assert.That(data.Select(r => r[Col("服务商名称")]), Has.All.EqualTo("阳光食堂"));
            Assert.That(
                data.Where(r => r[Col("服务项目代码")] == "meal").Select(r => r[Col("服务项目")]),
                Has.All.EqualTo("爱心午餐")
            );
            Assert.That(
                data.Where(r => r[Col("服务项目代码")] == "bath").Select(r => r[Col("服务项目")]),
                Has.All.EqualTo("助浴")
            );
            Assert.That(data.Select(r => r[Col("老人姓名")]), Has.All.EqualTo("王*华"));
            Assert.That(data.Select(r => r[Col("类型")]).Distinct(), Is.EquivalentTo(new[] { "消费", "撤销", "退款" }));
            Assert.That(data[0][Col("记账时间")], Is.EqualTo("2026-05-03 11:30:00"), "Asia/Shanghai wall-clock time");
            for (var i = 0; i < YuanHeaders.Length; i++)
            {
                var column = Col(YuanHeaders[i]);
                Assert.That(
                    data.Select(r => r[column]).Append(total[column]),
                    Has.All.Match(@"^-?\d+\.\d{2}$"),
                    YuanHeaders[i]
                );
                var sum = data.Sum(r => decimal.Parse(r[column], CultureInfo.InvariantCulture));
                Assert.That(
                    decimal.Parse(total[column], CultureInfo.InvariantCulture),
                    Is.EqualTo(sum),
                    "totals row " + YuanHeaders[i]
                );
                Assert.That(sum * 100, Is.EqualTo((long)json[FenCodes[i]]!), FenCodes[i]);
            }

            Assert.That(
                int.Parse(total[Col("数量")], CultureInfo.InvariantCulture),
                Is.EqualTo(data.Sum(r => int.Parse(r[Col("数量")], CultureInfo.InvariantCulture)))
            );
        });
    }

    [Test]
    public async Task With_headers_codes_the_csv_keeps_the_machine_names_and_whole_fen()
    {
        var rows = ExportFiles.Csv(
            await DownloadAsync(
                Provider(),
                $"/api/statements/providers/{_provider}?period={Period}&format=csv&headers=codes"
            )
        );
        var header = rows[0];
        var data = rows.Skip(1).Where(r => r[header.IndexOf("kind")] != "total").ToList();
        var total = rows.Single(r => r[header.IndexOf("kind")] == "total");
        var json = await TotalsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(
                header,
                Is.EqualTo(
                    new[]
                    {
                        "bookedAt",
                        "kind",
                        "receiptNo",
                        "idempotencyKey",
                        "terminalId",
                        "providerId",
                        "providerName",
                        "elderId",
                        "maskedName",
                        "homeCounty",
                        "item",
                        "itemName",
                        "quantity",
                        "amountFen",
                        "fiscalFen",
                        "collectiveFen",
                        "charityFen",
                        "familyFen",
                    }
                )
            );
            Assert.That(
                data.Select(r => r[header.IndexOf("kind")]).Distinct(),
                Is.EquivalentTo(new[] { "purchase", "void", "refund" })
            );
            foreach (var column in FenCodes)
            {
                var index = header.IndexOf(column);
                Assert.That(data.Select(r => r[index]), Has.All.Match(@"^-?\d+$"), column);
                var sum = data.Sum(r => long.Parse(r[index], CultureInfo.InvariantCulture));
                Assert.That(
                    long.Parse(total[index], CultureInfo.InvariantCulture),
                    Is.EqualTo(sum),
                    "totals row " + column
                );
                Assert.That(sum, Is.EqualTo((long)json[column]!), column);
            }
        });
    }

    [Test]
    public async Task A_statement_xlsx_has_yuan_cells_formatted_0_00_date_cells_and_a_totals_row_equal_to_the_sum()
    {
        var rows = ExportFiles.Xlsx(
            await DownloadAsync(Provider(), $"/api/statements/providers/{_provider}?period={Period}&format=xlsx")
        );
        var header = rows[0].Select(c => c.Value).ToList();
        var data = rows.Skip(1).SkipLast(1).ToList();
        var total = rows[^1];
        var json = await TotalsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(header[0], Is.EqualTo("记账时间"));
            Assert.That(total[header.IndexOf("类型")].Value, Is.EqualTo("合计"));
            Assert.That(data, Has.Count.EqualTo((int)json["lines"]!));
            var time = data[0][header.IndexOf("记账时间")];
            Assert.That(time.IsNumber && time.Format == "yyyy-mm-dd hh:mm:ss", Is.True, "a date cell");
            Assert.That(
                time.Date,
                Is.EqualTo(new DateTime(2026, 5, 3, 11, 30, 0)).Within(TimeSpan.FromSeconds(1)),
                "Asia/Shanghai"
            );
            Assert.That(data[0][header.IndexOf("服务商名称")].Value, Is.EqualTo("阳光食堂"));
            for (var i = 0; i < YuanHeaders.Length; i++)
            {
                var column = header.IndexOf(YuanHeaders[i]);
                var cells = data.Select(r => r[column]).Append(total[column]).ToList();
                Assert.That(cells.All(c => c.IsNumber), Is.True, YuanHeaders[i] + " cells are numbers");
                Assert.That(cells.Select(c => c.Format), Has.All.EqualTo("0.00"), YuanHeaders[i]);
                var sum = data.Sum(r => r[column].Number);
                Assert.That(total[column].Number, Is.EqualTo(sum), "totals row " + YuanHeaders[i]);
                Assert.That(sum * 100, Is.EqualTo((long)json[FenCodes[i]]!), FenCodes[i]);
            }
        });
    }

    [Test]
    public async Task The_county_summary_comes_as_csv_and_xlsx_with_names_yuan_and_totals()
    {
        var bureau = Host.CreateClient(Roles.Bureau, _county);
        var summary = JsonNode.Parse(
            await bureau.GetStringAsync($"/api/statements/counties/{_county}?period={Period}")
        )!["totals"]!;
        var csv = ExportFiles.Csv(
            await DownloadAsync(bureau, $"/api/statements/counties/{_county}?period={Period}&format=csv")
        );
        var xlsx = ExportFiles.Xlsx(
            await DownloadAsync(bureau, $"/api/statements/counties/{_county}?period={Period}&format=xlsx")
        );
        var codes = ExportFiles.Csv(
            await DownloadAsync(bureau, $"/api/statements/counties/{_county}?period={Period}&format=csv&headers=codes")
        );
        Assert.Multiple(() =>
        {
            Assert.That(
                csv[0],
                Is.EqualTo(
                    new[]
                    {
                        "服务商编号",
                        "服务商名称",
                        "服务项目代码",
                        "服务项目",
                        "笔数",
                        "数量",
                        "金额（元）",
                        "财政补贴（元）",
                        "集体补贴（元）",
                        "慈善补贴（元）",
                        "个人支付（元）",
                    }
                )
            );
            Assert.That(
                codes[0],
                Is.EqualTo(
                    new[]
                    {
                        "providerId",
                        "providerName",
                        "item",
                        "itemName",
                        "lines",
                        "quantity",
                        "amountFen",
                        "fiscalFen",
                        "collectiveFen",
                        "charityFen",
                        "familyFen",
                    }
                )
            );
            Assert.That(csv[^1][0], Is.EqualTo("合计"));
            Assert.That(codes[^1][0], Is.EqualTo("total"));
            Assert.That(csv.Skip(1).SkipLast(1).Select(r => r[1]), Has.All.EqualTo("阳光食堂"));
            for (var i = 0; i < YuanHeaders.Length; i++)
            {
                var column = csv[0].IndexOf(YuanHeaders[i]);
                var sum = csv.Skip(1).SkipLast(1).Sum(r => decimal.Parse(r[column], CultureInfo.InvariantCulture));
                Assert.That(
                    csv[^1][column],
                    Is.EqualTo(sum.ToString("0.00", CultureInfo.InvariantCulture)),
                    "csv totals " + YuanHeaders[i]
                );
                Assert.That(sum * 100, Is.EqualTo((long)summary[FenCodes[i]]!), FenCodes[i]);
                var cells = xlsx.Skip(1).Select(r => r[column]).ToList();
                Assert.That(cells.Select(c => c.Format), Has.All.EqualTo("0.00"), "xlsx " + YuanHeaders[i]);
                Assert.That(
                    cells[^1].Number,
                    Is.EqualTo(cells.SkipLast(1).Sum(c => c.Number)),
                    "xlsx totals " + YuanHeaders[i]
                );
                Assert.That(
                    long.Parse(codes[^1][codes[0].IndexOf(FenCodes[i])], CultureInfo.InvariantCulture),
                    Is.EqualTo((long)summary[FenCodes[i]]!)
                );
            }
        });
    }

    [Test]
    public async Task An_unknown_headers_value_is_a_400_naming_it()
    {
        var response = await Provider()
            .GetAsync($"/api/statements/providers/{_provider}?period={Period}&format=csv&headers=english");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)problem["field"], Is.EqualTo("headers"));
            Assert.That((string?)problem["code"], Is.EqualTo("invalid_headers"));
        });
    }
}
