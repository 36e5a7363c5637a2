using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using MiniExcelLibs;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>
/// A month (August 2026, Asia/Shanghai) of generated purchases, voids and refunds for two providers:
/// the statements add up to the ledger per source, page by page and as CSV and XLSX.
/// </summary>
public sealed class Reading_a_provider_statement
{
    private const string Period = "2026-08";
    private static readonly DateTimeOffset From = Local(2026, 8, 1, 0);
    private static readonly DateTimeOffset To = Local(2026, 9, 1, 0);
    private const string FormulaItem = "=HYPERLINK(\"http://x\",\"y\")";

    private string _county = "";
    private string _otherCounty = "";
    private Guid _p1;
    private Guid _p2;
    private readonly List<(Guid Elder, Guid Card, string County, string Village)> _elders = [];
    private long _expectedLinesP1;
    private long _familyP1;

    [OneTimeSetUp]
    public async Task Generate_a_month()
    {
        await StartAsync();
        _county = NewCounty();
        _otherCounty = NewCounty();
        await BackOfficeData.AddFundsAsync(_county, _county + "001");
        await BackOfficeData.AddFundsAsync(_otherCounty, _otherCounty + "001");
        _p1 = await BackOfficeData.AddProviderAsync(_county, "阳光食堂");
        _p2 = await BackOfficeData.AddProviderAsync(_county, "幸福助浴");
        for (var i = 0; i < 6; i++)
        {
            var home = i < 4 ? _county : _otherCounty;
            _elders.Add((Guid.NewGuid(), Guid.NewGuid(), home, home + "001"));
        }

        var random = new Random(20260801);
        string[] items = ["meal", "bath", "cleaning"];
        var purchases = new List<(Guid Id, Guid Provider, DateTimeOffset At)>();
        await using var connection = await OpenAsync();
        for (var i = 0; i < 240; i++)
        {
            var provider = i % 3 == 0 ? _p2 : _p1;
            var elder = _elders[random.Next(_elders.Count)];
            var at = From.AddMinutes(random.Next(0, 31 * 24 * 60 - 1));
            var price = random.Next(300, 3000);
            var fiscal = price * 80 / 100;
            var collective = price * 15 / 100;
            var charity = i % 5 == 0 ? 0 : price * 5 / 100;
            var spec = new PurchaseSpec(
                provider,
                _county,
                elder.Elder,
                elder.Card,
                elder.County,
                elder.Village,
                at,
                fiscal,
                collective,
                charity,
                price - fiscal - collective - charity,
                Item: items[random.Next(items.Length)]
            );
            purchases.Add((await BackOfficeData.BookAsync(connection, spec), provider, at));
        }

        // On the month's edges (Asia/Shanghai): the last second of July and the first of September stay out.
        var e = _elders[0];
        await BackOfficeData.BookAsync(
            connection,
            new PurchaseSpec(_p1, _county, e.Elder, e.Card, e.County, e.Village, From.AddSeconds(-1), 100, 0, 0, 50)
        );
        await BackOfficeData.BookAsync(
            connection,
            new PurchaseSpec(_p1, _county, e.Elder, e.Card, e.County, e.Village, To, 100, 0, 0, 50)
        );
        await BackOfficeData.BookAsync(
            connection,
            new PurchaseSpec(_p1, _county, e.Elder, e.Card, e.County, e.Village, To.AddSeconds(-1), 700, 100, 0, 33)
        );
        // Text a spreadsheet would run as a formula.
        await BackOfficeData.BookAsync(
            connection,
            new PurchaseSpec(
                _p1,
                _county,
                e.Elder,
                e.Card,
                e.County,
                e.Village,
                From.AddDays(3),
                800,
                150,
                50,
                0,
                Item: FormulaItem,
                MaskedName: "@王*华",
                ReceiptNo: "+R-1"
            )
        );

        foreach (var (id, _, at) in purchases.Where((_, i) => i % 12 == 1))
        {
            await BackOfficeData.ReverseAsync(id, "void", at.AddMinutes(3));
        }

        foreach (var (id, _, at) in purchases.Where((_, i) => i % 12 == 5))
        {
            await BackOfficeData.ReverseAsync(id, "refund", at.AddHours(5), refundFen: 101);
        }

        _expectedLinesP1 = await ScalarAsync(
            """
            SELECT (SELECT count(*) FROM purchases WHERE provider_id = @p AND booked_at >= @f AND booked_at < @t)
                 + (SELECT count(*) FROM reversals r JOIN purchases p USING (purchase_id) WHERE p.provider_id = @p AND
                     r.booked_at >= @f AND r.booked_at < @t)
            """,
            new
            {
                p = _p1,
                f = From.UtcDateTime,
                t = To.UtcDateTime,
            }
        );
        _familyP1 = await ScalarAsync(
            """
            SELECT (SELECT coalesce(sum(family_fen), 0) FROM purchases WHERE provider_id = @p AND booked_at >= @f AND
                booked_at < @t)
                 - (SELECT coalesce(sum(r.family_fen), 0) FROM reversals r JOIN purchases p USING (purchase_id)
                     WHERE p.provider_id = @p AND r.booked_at >= @f AND r.booked_at < @t)
            """,
            new
            {
                p = _p1,
                f = From.UtcDateTime,
                t = To.UtcDateTime,
            }
        );
    }

    private HttpClient ProviderClient(Guid provider) => Host.CreateClient(Roles.Provider, _county, provider: provider);

    private static async Task<JsonNode> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!;
    }

    [Test]
    public async Task Totals_per_source_equal_the_ledger_for_every_provider()
    {
        foreach (var provider in new[] { _p1, _p2 })
        {
            var statement = await JsonAsync(
                ProviderClient(provider),
                $"/api/statements/providers/{provider}?period={Period}&pageSize=500"
            );
            var totals = statement["totals"]!;
            var ledger = await BackOfficeData.LedgerForProviderAsync(provider, From, To);
            Assert.Multiple(() =>
            {
                Assert.That((long)totals["fiscalFen"]!, Is.EqualTo(ledger.Fiscal), "fiscal");
                Assert.That((long)totals["collectiveFen"]!, Is.EqualTo(ledger.Collective), "collective");
                Assert.That((long)totals["charityFen"]!, Is.EqualTo(ledger.Charity), "charity");
                Assert.That(
                    (long)totals["subsidyFen"]!,
                    Is.EqualTo(ledger.Payable),
                    "subsidy = what the provider's payable got"
                );
                Assert.That(ledger.Payable, Is.GreaterThan(0));
                Assert.That(
                    (long)totals["amountFen"]!,
                    Is.EqualTo((long)totals["subsidyFen"]! + (long)totals["familyFen"]!)
                );
                Assert.That(
                    statement["items"]!.AsArray().Sum(i => (long)i!["amountFen"]!),
                    Is.EqualTo((long)totals["amountFen"]!),
                    "items add up"
                );
            });
        }

        var p1 = await JsonAsync(ProviderClient(_p1), $"/api/statements/providers/{_p1}?period={Period}&pageSize=1");
        Assert.That(
            (int)p1["totals"]!["lines"]!,
            Is.EqualTo(_expectedLinesP1),
            "lines: purchases and reversals booked in August, none from July's or September's edges"
        );
        Assert.That((long)p1["totals"]!["familyFen"]!, Is.EqualTo(_familyP1));
    }

    [Test]
    public async Task Pages_add_up_to_the_totals_over_all_pages()
    {
        var client = ProviderClient(_p1);
        long fiscal = 0,
            amount = 0;
        var lines = 0;
        var ids = new HashSet<string>();
        for (var page = 1; ; page++)
        {
            var statement = await JsonAsync(
                client,
                $"/api/statements/providers/{_p1}?period={Period}&page={page}&pageSize=37"
            );
            var pageLines = statement["lines"]!.AsArray();
            if (pageLines.Count == 0)
            {
                break;
            }

            foreach (var line in pageLines)
            {
                fiscal += (long)line!["fiscalFen"]!;
                amount += (long)line["amountFen"]!;
                lines++;
                ids.Add((string)line["lineId"]! + (string)line["kind"]!);
            }
        }

        var all = await JsonAsync(client, $"/api/statements/providers/{_p1}?period={Period}");
        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.EqualTo((int)all["totals"]!["lines"]!));
            Assert.That(ids, Has.Count.EqualTo(lines), "no line twice across pages");
            Assert.That(fiscal, Is.EqualTo((long)all["totals"]!["fiscalFen"]!));
            Assert.That(amount, Is.EqualTo((long)all["totals"]!["amountFen"]!));
        });
    }

    [Test]
    public async Task Csv_opens_with_the_same_totals_and_neutralised_formula_cells()
    {
        var response = await ProviderClient(_p1)
            .GetAsync($"/api/statements/providers/{_p1}?period={Period}&format=csv&headers=codes");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 BOM so Excel reads Chinese");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.That(text, Does.Contain("\r\n"));
        Assert.That(text.Replace("\r\n", "", StringComparison.Ordinal), Does.Not.Contain('\n'), "every line ends CRLF");
        var rows = CsvTestReader.Parse(text);
        var header = rows[0];
        int Col(string name) => header.IndexOf(name);
        var data = rows.Skip(1).Where(r => r[Col("kind")] != "total").ToList();
        var total = rows.Single(r => r[Col("kind")] == "total");
        var json = await JsonAsync(ProviderClient(_p1), $"/api/statements/providers/{_p1}?period={Period}");
        Assert.Multiple(() =>
        {
            Assert.That(data, Has.Count.EqualTo((int)json["totals"]!["lines"]!));
            foreach (var column in new[] { "amountFen", "fiscalFen", "collectiveFen", "charityFen", "familyFen" })
            {
                var sum = data.Sum(r => long.Parse(r[Col(column)], System.Globalization.CultureInfo.InvariantCulture));
                Assert.That(sum, Is.EqualTo((long)json["totals"]![column]!), column);
                Assert.That(
                    long.Parse(total[Col(column)], System.Globalization.CultureInfo.InvariantCulture),
                    Is.EqualTo(sum),
                    "total row " + column
                );
            }

            Assert.That(data.Select(r => r[Col("item")]), Does.Contain("'" + FormulaItem), "formula item neutralised");
            Assert.That(data.Select(r => r[Col("maskedName")]), Does.Contain("'@王*华"));
            Assert.That(data.Select(r => r[Col("receiptNo")]), Does.Contain("'+R-1"));
            Assert.That(data.Select(r => r[Col("item")]), Does.Not.Contain(FormulaItem));
            Assert.That(
                data.Where(r => r[Col("kind")] == "void").Select(r => r[Col("amountFen")]),
                Has.All.StartWith("-"),
                "negative numbers stay numbers"
            );
            Assert.That(data.Select(r => r[Col("item")]), Does.Contain("meal"));
        });
    }

    [Test]
    public async Task Xlsx_opens_with_the_same_totals_and_neutralised_formula_cells()
    {
        var response = await ProviderClient(_p1)
            .GetAsync($"/api/statements/providers/{_p1}?period={Period}&format=xlsx&headers=codes");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel
            .Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .ToList();
        var data = rows.Where(r => (string?)r["kind"] != "total").ToList();
        var total = rows.Single(r => (string?)r["kind"] == "total");
        var json = await JsonAsync(ProviderClient(_p1), $"/api/statements/providers/{_p1}?period={Period}");
        Assert.Multiple(() =>
        {
            Assert.That(data, Has.Count.EqualTo((int)json["totals"]!["lines"]!));
            foreach (var column in new[] { "amountFen", "fiscalFen", "collectiveFen", "charityFen", "familyFen" })
            {
                Assert.That(data.Select(r => r[column]), Has.All.Not.TypeOf<string>(), column + " cells are numbers");
                var sum = data.Sum(r => Convert.ToInt64(r[column], System.Globalization.CultureInfo.InvariantCulture));
                Assert.That(sum, Is.EqualTo((long)json["totals"]![column]!), column);
                Assert.That(
                    Convert.ToInt64(total[column], System.Globalization.CultureInfo.InvariantCulture),
                    Is.EqualTo(sum),
                    "total row " + column
                );
            }

            Assert.That(data.Select(r => r["item"] as string), Does.Contain("'" + FormulaItem));
            Assert.That(data.Select(r => r["receiptNo"] as string), Does.Contain("'+R-1"));
        });
    }

    [Test]
    public async Task The_county_summary_gives_each_provider_its_statement_totals()
    {
        var summary = await JsonAsync(
            Host.CreateClient(Roles.Bureau, _county),
            $"/api/statements/counties/{_county}?period={Period}"
        );
        var providers = summary["providers"]!.AsArray();
        Assert.That(
            providers.Select(p => (string)p!["providerId"]!),
            Is.SupersetOf(new[] { _p1.ToString(), _p2.ToString() })
        );
        foreach (var provider in new[] { _p1, _p2 })
        {
            var own = await JsonAsync(
                ProviderClient(provider),
                $"/api/statements/providers/{provider}?period={Period}"
            );
            var row = providers.Single(p => (string)p!["providerId"]! == provider.ToString())!;
            Assert.That(row["totals"]!.ToJsonString(), Is.EqualTo(own["totals"]!.ToJsonString()));
            Assert.That(row["items"]!.ToJsonString(), Is.EqualTo(own["items"]!.ToJsonString()));
        }

        Assert.That(
            (long)summary["totals"]!["amountFen"]!,
            Is.EqualTo(providers.Sum(p => (long)p!["totals"]!["amountFen"]!))
        );
        Assert.That(
            (
                await Host.CreateClient(Roles.Bureau, _otherCounty)
                    .GetAsync($"/api/statements/counties/{_county}?period={Period}")
            ).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
        Assert.That(
            (await ProviderClient(_p1).GetAsync($"/api/statements/counties/{_county}?period={Period}")).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
    }

    [Test]
    public async Task A_day_statement_equals_the_ledger_of_that_day()
    {
        var day = Local(2026, 8, 17, 0);
        var statement = await JsonAsync(ProviderClient(_p1), $"/api/statements/providers/{_p1}?date=2026-08-17");
        var ledger = await BackOfficeData.LedgerForProviderAsync(_p1, day, day.AddDays(1));
        Assert.That((long)statement["totals"]!["fiscalFen"]!, Is.EqualTo(ledger.Fiscal));
        Assert.That((long)statement["totals"]!["subsidyFen"]!, Is.EqualTo(ledger.Payable));
    }

    [Test]
    public async Task An_elder_sees_only_their_own_lines()
    {
        var elder = _elders[1];
        var own = await JsonAsync(
            Host.CreateClient(Roles.Elder, elder: elder.Elder),
            $"/api/statements/elders/{elder.Elder}?period={Period}&pageSize=500"
        );
        var count = await ScalarAsync(
            """
            SELECT (SELECT count(*) FROM purchases WHERE elder_id = @e AND booked_at >= @f AND booked_at < @t)
                 + (SELECT count(*) FROM reversals r JOIN purchases p USING (purchase_id) WHERE p.elder_id = @e AND
                     r.booked_at >= @f AND r.booked_at < @t)
            """,
            new
            {
                e = elder.Elder,
                f = From.UtcDateTime,
                t = To.UtcDateTime,
            }
        );
        Assert.That((int)own["totals"]!["lines"]!, Is.EqualTo(count));
        Assert.That(
            own["lines"]!.AsArray().Select(l => (string)l!["elderId"]!),
            Has.All.EqualTo(elder.Elder.ToString())
        );

        var other = await Host.CreateClient(Roles.Elder, elder: _elders[2].Elder)
            .GetAsync($"/api/statements/elders/{elder.Elder}?period={Period}");
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Another_provider_or_county_is_refused()
    {
        var url = $"/api/statements/providers/{_p1}?period={Period}";
        Assert.Multiple(async () =>
        {
            Assert.That(
                (await ProviderClient(_p2).GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.NotFound),
                "another provider"
            );
            Assert.That(
                (await Host.CreateClient(Roles.Bureau, _otherCounty).GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.NotFound),
                "another county's bureau"
            );
            Assert.That(
                (await Host.CreateClient(Roles.Auditor, _otherCounty).GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.NotFound),
                "another county's auditor"
            );
            Assert.That(
                (await Host.CreateClient(Roles.Operator, _county).GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden),
                "a call centre"
            );
            Assert.That(
                (await Host.CreateClient().GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.Unauthorized),
                "no token"
            );
            Assert.That(
                (await Host.CreateClient(Roles.Bureau, _county).GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.OK),
                "its county's bureau"
            );
            Assert.That(
                (await Host.CreateClient(Roles.Auditor, _county).GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.OK),
                "its county's auditor"
            );
            Assert.That(
                (await Host.CreateClient(Roles.Province).GetAsync(url)).StatusCode,
                Is.EqualTo(HttpStatusCode.OK),
                "the province"
            );
        });
    }

    [Test]
    public async Task A_bad_period_is_a_problem_naming_the_field()
    {
        var response = await ProviderClient(_p1).GetAsync($"/api/statements/providers/{_p1}?period=2026-13");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["field"], Is.EqualTo("period"));
        Assert.That((string?)body["code"], Is.EqualTo("invalid_period"));
    }

    [Test]
    public async Task A_refund_after_the_month_closed_appears_in_the_month_it_happened()
    {
        var provider = await BackOfficeData.AddProviderAsync(_county);
        var e = _elders[0];
        var purchase = await BackOfficeData.BookAsync(
            new PurchaseSpec(
                provider,
                _county,
                e.Elder,
                e.Card,
                e.County,
                e.Village,
                Local(2026, 8, 20),
                800,
                150,
                50,
                0
            )
        );
        var client = ProviderClient(provider);
        var august = (await JsonAsync(client, $"/api/statements/providers/{provider}?period={Period}")).ToJsonString();

        await BackOfficeData.ReverseAsync(purchase, "refund", Local(2026, 9, 2), refundFen: 500);

        var after = (await JsonAsync(client, $"/api/statements/providers/{provider}?period={Period}")).ToJsonString();
        var september = await JsonAsync(client, $"/api/statements/providers/{provider}?period=2026-09");
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.EqualTo(august), "August's statement is unchanged");
            Assert.That((string)september["lines"]![0]!["kind"]!, Is.EqualTo("refund"));
            Assert.That((long)september["totals"]!["amountFen"]!, Is.EqualTo(-500));
        });
    }
}
