using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.Tests.Statements;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Clearing;

/// <summary>
/// July 2026 across three counties: elders of A buy in A and B, elders of B in A, elders of C in A
/// and B. Closing each county's July gives payouts and fund obligations equal to the ledger, and
/// county-pair nets that cancel out.
/// </summary>
public sealed class Closing_a_period
{
    private const string Period = "2026-07";
    private static readonly DateTimeOffset From = Local(2026, 7, 1, 0);
    private static readonly DateTimeOffset To = Local(2026, 8, 1, 0);

    private string _a = "",
        _b = "",
        _c = "";
    private Guid _pa1,
        _pa2,
        _pb,
        _pc,
        _paLate;
    private long _aFundsForB;
    private long _bFundsForA;
    private readonly Dictionary<string, JsonNode> _closed = [];

    [OneTimeSetUp]
    public async Task Book_a_month_across_three_counties()
    {
        await StartAsync();
        (_a, _b, _c) = (NewCounty(), NewCounty(), NewCounty());
        foreach (var county in new[] { _a, _b, _c })
        {
            await BackOfficeData.AddFundsAsync(county, county + "001");
            await BackOfficeData.AddFundsAsync(county, county + "002");
        }

        _pa1 = await BackOfficeData.AddProviderAsync(_a);
        _pa2 = await BackOfficeData.AddProviderAsync(_a);
        _paLate = await BackOfficeData.AddProviderAsync(_a);
        _pb = await BackOfficeData.AddProviderAsync(_b);
        _pc = await BackOfficeData.AddProviderAsync(_c);

        var random = new Random(202607);
        await using var connection = await OpenAsync();
        async Task<Guid> Book(Guid provider, string providerCounty, string home, DateTimeOffset at)
        {
            var village = home + (random.Next(2) == 0 ? "001" : "002");
            var price = random.Next(500, 2500);
            var fiscal = price * 70 / 100;
            var collective = price * 20 / 100;
            var charity = price * 5 / 100;
            return await BackOfficeData.BookAsync(
                connection,
                new PurchaseSpec(
                    provider,
                    providerCounty,
                    Guid.NewGuid(),
                    Guid.NewGuid(),
                    home,
                    village,
                    at,
                    fiscal,
                    collective,
                    charity,
                    price - fiscal - collective - charity
                )
            );
        }

        DateTimeOffset Any() => From.AddMinutes(random.Next(0, 31 * 24 * 60 - 10));
        var reversible = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            reversible.Add(await Book(i % 2 == 0 ? _pa1 : _pa2, _a, _a, Any()));
        }

        for (var i = 0; i < 15; i++)
        {
            var id = await Book(_pb, _b, _a, Any());
            _aFundsForB += await Subsidy(connection, id);
        }

        for (var i = 0; i < 12; i++)
        {
            var id = await Book(_pa1, _a, _b, Any());
            _bFundsForA += await Subsidy(connection, id);
        }

        for (var i = 0; i < 10; i++)
        {
            await Book(i % 2 == 0 ? _pa2 : _pb, i % 2 == 0 ? _a : _b, _c, Any());
            await Book(_pc, _c, _c, Any());
        }

        // Voids and refunds in July count in July; a void booked in August and a purchase booked at
        // August's first second belong to August.
        await BackOfficeData.ReverseAsync(reversible[0], "void", Local(2026, 7, 31, 23, 0));
        await BackOfficeData.ReverseAsync(reversible[1], "refund", Local(2026, 7, 31, 23, 30), refundFen: 333);
        await BackOfficeData.ReverseAsync(reversible[2], "void", To.AddMinutes(1));
        await Book(_paLate, _a, _a, To);

        foreach (var county in new[] { _a, _b, _c })
        {
            var response = await Host.CreateClient(Roles.Bureau, county)
                .PostAsync($"/api/clearing/{Period}/close?county={county}", null);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
            _closed[county] = JsonNode.Parse(body)!;
        }
    }

    private static async Task<long> Subsidy(Npgsql.NpgsqlConnection connection, Guid purchaseId) =>
        await connection.ExecuteScalarAsync<long>(
            "SELECT fiscal_fen + collective_fen + charity_fen FROM purchases WHERE purchase_id = @purchaseId",
            new { purchaseId }
        );

    private static async Task<long> PayableOfCountyAsync(string county) =>
        await ScalarAsync(
            """
            SELECT coalesce(sum(p.amount_fen), 0)::bigint FROM postings p JOIN accounts a ON a.account_id = p.account_id
             WHERE a.kind = 'payable' AND a.county = @county AND p.booked_at >= @f AND p.booked_at < @t
            """,
            new
            {
                county,
                f = From.UtcDateTime,
                t = To.UtcDateTime,
            }
        );

    private static async Task<long> FundsOfCountyAsync(string county) =>
        await ScalarAsync(
            """
            SELECT coalesce(-sum(amount_fen), 0)::bigint FROM postings
             WHERE account_id LIKE 'fund:' || @county || ':%' AND kind <> 'top_up' AND booked_at >= @f AND booked_at <
                 @t
            """,
            new
            {
                county,
                f = From.UtcDateTime,
                t = To.UtcDateTime,
            }
        );

    [Test]
    public async Task Payouts_and_fund_obligations_equal_the_ledger()
    {
        foreach (var county in new[] { _a, _b, _c })
        {
            var result = _closed[county];
            var payouts = result["payouts"]!.AsArray();
            var obligations = result["obligations"]!.AsArray();
            var payable = await PayableOfCountyAsync(county);
            var funds = await FundsOfCountyAsync(county);
            Assert.Multiple(() =>
            {
                Assert.That(
                    payouts.Sum(p => (long)p!["amountFen"]!),
                    Is.EqualTo(payable),
                    $"{county}: payouts = the payables of its providers"
                );
                Assert.That((long)result["payoutTotalFen"]!, Is.EqualTo(payable));
                Assert.That(
                    payouts.Sum(p => (long)p!["fiscalFen"]! + (long)p["collectiveFen"]! + (long)p["charityFen"]!),
                    Is.EqualTo(payable)
                );
                Assert.That(
                    obligations.Sum(o => (long)o!["amountFen"]!),
                    Is.EqualTo(funds),
                    $"{county}: obligations = what its funds paid"
                );
                Assert.That((long)result["period"]!["totalSubsidyFen"]!, Is.EqualTo(funds));
                Assert.That(payable, Is.GreaterThan(0));
            });
        }

        foreach (var provider in new[] { _pa1, _pa2, _pb, _pc })
        {
            var ledger = await BackOfficeData.LedgerForProviderAsync(provider, From, To);
            var payout = _closed
                .Values.SelectMany(r => r["payouts"]!.AsArray())
                .Single(p => (string)p!["providerId"]! == provider.ToString())!;
            Assert.That((long)payout["amountFen"]!, Is.EqualTo(ledger.Payable));
            Assert.That((long)payout["fiscalFen"]!, Is.EqualTo(ledger.Fiscal));
            Assert.That((long)payout["collectiveFen"]!, Is.EqualTo(ledger.Collective));
            Assert.That((string)payout["status"]!, Is.EqualTo("instructed"));
        }

        var villages = _closed[_a]["obligations"]!
            .AsArray()
            .Where(o => (string)o!["source"]! == "collective")
            .Select(o => (string)o!["villageCode"]!)
            .Distinct();
        Assert.That(villages, Is.EquivalentTo(new[] { _a + "001", _a + "002" }), "collective per village");
        Assert.That(
            _closed[_a]["payouts"]!.AsArray().Select(p => (string)p!["providerId"]!),
            Does.Not.Contain(_paLate.ToString()),
            "a purchase booked at the next month's first second is next month's"
        );
    }

    [Test]
    public void Cross_county_nets_cancel_out_and_sum_to_zero()
    {
        var nets = _closed
            .SelectMany(c =>
                c.Value["nets"]!
                    .AsArray()
                    .Select(n => (County: c.Key, Other: (string)n!["counterpartyCounty"]!, Net: (long)n["netFen"]!))
            )
            .ToList();
        long Net(string x, string y) => nets.Single(n => n.County == x && n.Other == y).Net;
        Assert.Multiple(() =>
        {
            Assert.That(
                Net(_a, _b),
                Is.EqualTo(_aFundsForB - _bFundsForA),
                "A owes B what A's funds covered at B less the reverse"
            );
            Assert.That(Net(_a, _b), Is.EqualTo(-Net(_b, _a)));
            Assert.That(Net(_c, _a), Is.EqualTo(-Net(_a, _c)));
            Assert.That(Net(_c, _b), Is.EqualTo(-Net(_b, _c)));
            Assert.That(Net(_c, _a), Is.GreaterThan(0), "C's elders bought in A");
            Assert.That(nets.Sum(n => n.Net), Is.EqualTo(0), "all nets sum to zero");
        });
    }

    [Test]
    public async Task Closing_again_answers_the_same_result()
    {
        var again = await Host.CreateClient(Roles.Province)
            .PostAsync($"/api/clearing/{Period}/close?county={_a}", null);
        var body = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["period"]!.ToJsonString(), Is.EqualTo(_closed[_a]["period"]!.ToJsonString()));
        Assert.That(body["obligations"]!.ToJsonString(), Is.EqualTo(_closed[_a]["obligations"]!.ToJsonString()));
        Assert.That(body["nets"]!.ToJsonString(), Is.EqualTo(_closed[_a]["nets"]!.ToJsonString()));
        Assert.That(body["payoutTotalFen"]!.ToJsonString(), Is.EqualTo(_closed[_a]["payoutTotalFen"]!.ToJsonString()));
    }

    [Test]
    public async Task Two_closes_at_once_store_one_result()
    {
        var county = NewCounty();
        await BackOfficeData.AddFundsAsync(county, county + "001");
        var provider = await BackOfficeData.AddProviderAsync(county);
        await BackOfficeData.BookAsync(
            new PurchaseSpec(
                provider,
                county,
                Guid.NewGuid(),
                Guid.NewGuid(),
                county,
                county + "001",
                Local(2026, 7, 9),
                900,
                100,
                0,
                0
            )
        );
        var client = Host.CreateClient(Roles.Bureau, county);
        var responses = await Task.WhenAll(
            client.PostAsync($"/api/clearing/{Period}/close?county={county}", null),
            client.PostAsync($"/api/clearing/{Period}/close?county={county}", null)
        );
        var bodies = await Task.WhenAll(
            responses.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!)
        );
        Assert.That(
            responses.Select(r => r.StatusCode),
            Is.EquivalentTo(new[] { HttpStatusCode.Created, HttpStatusCode.OK })
        );
        Assert.That(bodies[0]["payouts"]!.ToJsonString(), Is.EqualTo(bodies[1]["payouts"]!.ToJsonString()));
        Assert.That((long)bodies[0]["payoutTotalFen"]!, Is.EqualTo(1000));
        Assert.That(
            await ScalarAsync(
                "SELECT count(*) FROM outbox WHERE aggregate_id = @id",
                new { id = $"period:{county}:{Period}" }
            ),
            Is.EqualTo(1),
            "one PeriodClosed"
        );
    }

    [Test]
    public async Task PeriodClosed_is_published_through_the_outbox()
    {
        await using var connection = await OpenAsync();
        var body = await connection.ExecuteScalarAsync<string>(
            "SELECT body::text FROM outbox WHERE aggregate_id = @id AND message_type LIKE '%PeriodClosed%'",
            new { id = $"period:{_a}:{Period}" }
        );
        Assert.That(body, Is.Not.Null);
        var message = JsonNode.Parse(body!)!;
        Assert.That((long)message["totalSubsidyFen"]!, Is.EqualTo(await FundsOfCountyAsync(_a)));
        Assert.That((int)message["payoutCount"]!, Is.EqualTo(_closed[_a]["payouts"]!.AsArray().Count));
    }

    [Test]
    public async Task A_period_not_yet_ended_is_refused()
    {
        var current = Shanghai.Period(Clock.GetUtcNow());
        var response = await Host.CreateClient(Roles.Bureau, _a)
            .PostAsync($"/api/clearing/{current}/close?county={_a}", null);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((string?)body["code"], Is.EqualTo("period_not_ended"));
        Assert.That(
            await ScalarAsync(
                "SELECT count(*) FROM clearing_periods WHERE county = @a AND period = @current",
                new { a = _a, current }
            ),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task Another_county_or_role_is_refused()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(
                (
                    await Host.CreateClient(Roles.Bureau, _b)
                        .PostAsync($"/api/clearing/{Period}/close?county={_a}", null)
                ).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden)
            );
            Assert.That(
                (
                    await Host.CreateClient(Roles.Provider, _a, provider: _pa1)
                        .PostAsync($"/api/clearing/{Period}/close?county={_a}", null)
                ).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden)
            );
            Assert.That(
                (await Host.CreateClient(Roles.Auditor, _b).GetAsync($"/api/clearing/{Period}?county={_a}")).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden)
            );
            Assert.That(
                (await Host.CreateClient(Roles.Auditor, _a).GetAsync($"/api/clearing/{Period}?county={_a}")).StatusCode,
                Is.EqualTo(HttpStatusCode.OK)
            );
        });
    }

    [Test]
    public async Task The_bureau_records_payouts_paid_with_the_bank_reference_or_failed_and_the_csv_adds_up()
    {
        var client = Host.CreateClient(Roles.Bureau, _c);
        var status = $"/api/clearing/{Period}/payouts/{_pc}/status?county={_c}";
        var unproven = await client.PostAsJsonAsync(status, new { status = "paid", note = "bank ref 42" });
        var problem = await unproven.Content.ReadAsStringAsync();
        Assert.That(unproven.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), problem);
        Assert.That((string?)JsonNode.Parse(problem)!["code"], Is.EqualTo("bank_reference_required"));
        var failed = await client.PostAsJsonAsync(status, new { status = "failed", note = "account closed" });
        Assert.That(
            failed.StatusCode,
            Is.EqualTo(HttpStatusCode.OK),
            "the refused paid changed nothing: the payout could still fail"
        );
        var paid = await client.PutAsJsonAsync(
            $"/api/clearing/{Period}/payouts/{_pc}/payment?county={_c}",
            new { bankReference = "BANK-42", paidOn = "2026-08-05" }
        );
        Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.OK), await paid.Content.ReadAsStringAsync());
        var again = await client.PostAsJsonAsync(status, new { status = "failed" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "paid is final");
        var bad = await client.PostAsJsonAsync(status, new { status = "lost" });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var foreign = await Host.CreateClient(Roles.Bureau, _a).PostAsJsonAsync(status, new { status = "failed" });
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var csv = await client.GetAsync($"/api/clearing/{Period}/payouts?county={_c}&format=csv&headers=codes");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        var rows = CsvTestReader.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var amount = rows[0].IndexOf("amountFen");
        var data = rows.Skip(1).Where(r => r[2] != "total").ToList();
        Assert.That(
            data.Sum(r => long.Parse(r[amount], System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(await PayableOfCountyAsync(_c))
        );
        Assert.That(
            long.Parse(rows.Single(r => r[2] == "total")[amount], System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(await PayableOfCountyAsync(_c))
        );
        Assert.That(data.Single(r => r[2] == _pc.ToString())[^1], Is.EqualTo("paid"));
    }

    [Test]
    public async Task The_payout_file_for_people_has_chinese_headers_names_yuan_and_a_totals_row_in_csv_and_xlsx()
    {
        var client = Host.CreateClient(Roles.Bureau, _a);
        var csv = LoveCard.Testing.Exports.ExportFiles.Csv(
            await client.GetByteArrayAsync($"/api/clearing/{Period}/payouts?county={_a}&format=csv")
        );
        var xlsx = LoveCard.Testing.Exports.ExportFiles.Xlsx(
            await client.GetByteArrayAsync($"/api/clearing/{Period}/payouts?county={_a}&format=xlsx")
        );
        var expected = (long)_closed[_a]["payouts"]!.AsArray().Sum(p => (long)p!["amountFen"]!);
        var amount = csv[0].IndexOf("应付金额（元）");
        Assert.Multiple(() =>
        {
            Assert.That(
                csv[0],
                Is.EqualTo(
                    new[]
                    {
                        "县区",
                        "月份",
                        "服务商编号",
                        "服务商名称",
                        "财政补贴（元）",
                        "集体补贴（元）",
                        "慈善补贴（元）",
                        "应付金额（元）",
                        "状态",
                    }
                )
            );
            Assert.That(csv[^1][2], Is.EqualTo("合计"));
            Assert.That(
                csv.Skip(1).SkipLast(1).Select(r => r[3]),
                Has.All.EqualTo("食堂"),
                "the provider's name beside its id"
            );
            Assert.That(csv.Skip(1).SkipLast(1).Select(r => r[8]), Has.All.EqualTo("待支付"));
            var sum = csv.Skip(1)
                .SkipLast(1)
                .Sum(r => decimal.Parse(r[amount], System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(
                csv[^1][amount],
                Is.EqualTo(sum.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))
            );
            Assert.That(sum * 100, Is.EqualTo(expected));
            var cells = xlsx.Skip(1).Select(r => r[amount]).ToList();
            Assert.That(cells.Select(c => c.Format), Has.All.EqualTo("0.00"));
            Assert.That(cells[^1].Number, Is.EqualTo(cells.SkipLast(1).Sum(c => c.Number)));
            Assert.That(cells[^1].Number * 100, Is.EqualTo(expected));
        });
    }
}
