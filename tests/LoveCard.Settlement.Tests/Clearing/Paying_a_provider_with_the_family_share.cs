using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Clearing;

/// <summary>
/// Issue 19's "done when" (ADR 0040, 0041): a month of purchases at the terminal (categories 1, 2 and 3, a
/// refund, a void, a decline), closed by the bureau; the provider's statement, the ledger and its payout agree,
/// the family's share included; the provider reads its own payouts and not another's; the bureau records the
/// payment (bad input refused and nothing changed, the same again answered unchanged, another refused).
/// </summary>
public sealed class Paying_a_provider_with_the_family_share
{
    private string _county = "";
    private Guid _provider;
    private Guid _other;
    private string _period = "";
    private DateTimeOffset _from;
    private DateTimeOffset _to;

    [OneTimeSetUp]
    public async Task Buy_refund_void_and_close_a_month()
    {
        await StartAsync();
        _county = NewCounty();
        _provider = await AddProviderAsync(_county);
        _other = await AddProviderAsync(_county);
        var terminal = await AddTerminalAsync(_provider, _county);
        var otherTerminal = await AddTerminalAsync(_other, _county);

        // A whole month of our own: from the 2nd of next month (Asia/Shanghai), closed once it is over.
        var month = Shanghai.MonthStart(Now).AddMonths(1);
        MoveTo(Shanghai.StartOf(month.AddDays(1)).AddHours(10));
        _period = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        _from = Shanghai.StartOf(month);
        _to = Shanghai.StartOf(month.AddMonths(1));

        var village = _county + "V1";
        var one = await AddElderAsync(_county, category: 1, village: village);
        var two = await AddElderAsync(_county, category: 2, village: village);
        var twoMore = await AddElderAsync(_county, category: 2, village: village);
        var three = await AddElderAsync(_county, category: 3, village: village);
        await TopUpAllAsync(_county, village, 1_000_000);

        var bought = new List<Guid>();
        foreach (var elder in new[] { one, two, two, twoMore, three })
        {
            var answer = await BuyAsync(terminal, PurchaseBody(Card(elder)));
            Assert.That(answer.Status, Is.EqualTo("approved"), answer.DeclineCode);
            bought.Add(answer.PurchaseId);
        }

        var declined = await BuyAsync(terminal, PurchaseBody(Card(twoMore), maxFamilyFen: 1));
        Assert.That(declined.Status, Is.EqualTo("declined"));
        await ReverseAsync(terminal, $"/terminal/v1/purchases/{bought[1]}/refunds", new { amountFen = 701 });
        await ReverseAsync(terminal, $"/terminal/v1/purchases/{bought[3]}/void", new { reason = "wrong card" });
        Assert.That((await BuyAsync(otherTerminal, PurchaseBody(Card(one)))).Status, Is.EqualTo("approved"));

        MoveTo(_to.AddMinutes(10));
        var close = await Bureau().PostAsync($"/api/clearing/{_period}/close?county={_county}", null);
        Assert.That(close.StatusCode, Is.EqualTo(HttpStatusCode.Created), await close.Content.ReadAsStringAsync());
    }

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    private HttpClient Bureau() => Host.CreateClient(Roles.Bureau, _county, subject: "bureau-payer");

    private HttpClient Provider(Guid provider) => Host.CreateClient(Roles.Provider, _county, provider: provider);

    private static async Task ReverseAsync(TestTerminal terminal, string target, object body)
    {
        var response = await terminal.PostJsonAsync(target, body, Guid.NewGuid().ToString("N"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!;
    }

    private async Task<JsonNode> PayoutAsync(Guid provider)
    {
        var page = await GetJsonAsync(Provider(provider), $"/api/providers/{provider}/payouts?page=1&pageSize=20");
        return page["items"]!.AsArray().Single(p => (string)p!["period"]! == _period)!;
    }

    [Test]
    public async Task The_statement_the_ledger_and_the_payout_agree_with_the_family_share_included()
    {
        var statement = await GetJsonAsync(
            Provider(_provider),
            $"/api/statements/providers/{_provider}?period={_period}&pageSize=100"
        );
        var totals = statement["totals"]!;
        await using var connection = await Database.OpenAsync(Host.Schema);
        var ledger = await connection.QuerySingleAsync<(
            long Payable,
            long Counter,
            long Family,
            long Gross,
            long Back
        )>(
            """
            SELECT coalesce(sum(amount_fen) FILTER (WHERE account_id = 'payable:' || @p), 0)::bigint,
                   coalesce(sum(amount_fen) FILTER (WHERE account_id = 'counter:' || @p), 0)::bigint,
                   coalesce(sum(amount_fen) FILTER (WHERE account_id = 'family:' || @p), 0)::bigint,
                   coalesce(sum(amount_fen) FILTER (WHERE account_id = 'payable:' || @p AND kind = 'purchase'),
                       0)::bigint,
                   coalesce(-sum(amount_fen) FILTER (WHERE account_id = 'payable:' || @p
                                                       AND kind IN ('void', 'refund')), 0)::bigint
              FROM postings WHERE booked_at >= @from AND booked_at < @to
            """,
            new
            {
                p = _provider.ToString(),
                from = _from.UtcDateTime,
                to = _to.UtcDateTime,
            }
        );
        var payout = await PayoutAsync(_provider);
        var clearing = await GetJsonAsync(Bureau(), $"/api/clearing/{_period}/payouts?county={_county}");
        var instructed = clearing.AsArray().Single(p => (string)p!["providerId"]! == _provider.ToString())!;

        Assert.Multiple(() =>
        {
            Assert.That(ledger.Counter, Is.GreaterThan(0), "the month has a family share");
            Assert.That(ledger.Back, Is.GreaterThan(0), "and reversals");
            // Statement = ledger.
            Assert.That((long)totals["subsidyFen"]!, Is.EqualTo(ledger.Payable), "subsidy = payable");
            Assert.That((long)totals["familyFen"]!, Is.EqualTo(ledger.Counter), "family = counter");
            Assert.That(ledger.Family, Is.EqualTo(-ledger.Counter), "families paid what the counter got");
            Assert.That((long)totals["amountFen"]!, Is.EqualTo(ledger.Payable + ledger.Counter), "takings");
            // Payout = ledger = statement.
            Assert.That((long)payout["netFen"]!, Is.EqualTo(ledger.Payable), "net paid = payable");
            Assert.That((long)payout["grossSubsidyFen"]!, Is.EqualTo(ledger.Gross));
            Assert.That((long)payout["reversedFen"]!, Is.EqualTo(ledger.Back));
            Assert.That((long)payout["recoveredFen"]!, Is.EqualTo(0));
            Assert.That(
                (long)payout["grossSubsidyFen"]!
                    - (long)payout["reversedFen"]!
                    - (long)payout["recoveredFen"]!
                    + (long)payout["correctedFen"]!,
                Is.EqualTo((long)payout["netFen"]!),
                "the netting adds up"
            );
            Assert.That((long)payout["familyCollectedFen"]!, Is.EqualTo((long)totals["familyFen"]!));
            Assert.That((long)payout["fiscalFen"]!, Is.EqualTo((long)totals["fiscalFen"]!));
            Assert.That((long)payout["collectiveFen"]!, Is.EqualTo((long)totals["collectiveFen"]!));
            Assert.That((long)payout["charityFen"]!, Is.EqualTo((long)totals["charityFen"]!));
            Assert.That((long)instructed["amountFen"]!, Is.EqualTo((long)payout["netFen"]!), "the bureau's payout");
            Assert.That((string)payout["status"]!, Is.AnyOf("to_be_paid", "paid"));
        });
    }

    [Test]
    public async Task A_provider_reads_its_own_payouts_and_not_another_s()
    {
        var own = await PayoutAsync(_other);
        var theirs = await Provider(_provider).GetAsync($"/api/providers/{_other}/payouts");
        var old = await Provider(_provider).GetAsync($"/api/clearing/providers/{_other}/payouts");
        var elsewhere = await Host.CreateClient(Roles.Bureau, NewCounty()).GetAsync($"/api/providers/{_other}/payouts");

        Assert.Multiple(() =>
        {
            Assert.That((string)own["providerId"]!, Is.EqualTo(_other.ToString()));
            Assert.That((long)own["netFen"]!, Is.GreaterThan(0));
            Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another provider's payouts");
            Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nor through the older route");
            Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nor another county's bureau");
        });
    }

    [Test]
    public async Task The_bureau_records_the_payment_once_and_the_provider_sees_it()
    {
        var url = $"/api/clearing/{_period}/payouts/{_other}/payment?county={_county}";
        var today = Shanghai.Today(Now);
        var bad = new (object Body, string Field, string Code)[]
        {
            (new { bankReference = (string?)null, paidOn = today.ToString("yyyy-MM-dd") }, "bankReference", "required"),
            (
                new { bankReference = "BANK 01", paidOn = today.ToString("yyyy-MM-dd") },
                "bankReference",
                "invalid_bank_reference"
            ),
            (new { bankReference = "BANK-01", paidOn = "next week" }, "paidOn", "invalid_date"),
            (
                new { bankReference = "BANK-01", paidOn = today.AddDays(1).ToString("yyyy-MM-dd") },
                "paidOn",
                "in_future"
            ),
            (
                new { bankReference = "BANK-01", paidOn = Shanghai.Today(_from).ToString("yyyy-MM-dd") },
                "paidOn",
                "paid_on_before_period"
            ),
        };
        foreach (var (body, field, code) in bad)
        {
            var refused = await Bureau().PutAsJsonAsync(url, body);
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.That(
                ((int)refused.StatusCode, (string?)problem["field"], (string?)problem["code"]),
                Is.EqualTo((400, field, code))
            );
        }

        Assert.That(
            (string)(await PayoutAsync(_other))["status"]!,
            Is.EqualTo("to_be_paid"),
            "bad input changed nothing"
        );
        var auditor = await Host.CreateClient(Roles.Auditor, _county)
            .PutAsJsonAsync(url, new { bankReference = "X1", paidOn = today.ToString("yyyy-MM-dd") });
        Assert.That(auditor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "an auditor reads, never pays");

        var payment = new { bankReference = "ICBC-2027-000123", paidOn = today.ToString("yyyy-MM-dd") };
        var first = await Bureau().PutAsJsonAsync(url, payment);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        var again = await Bureau().PutAsJsonAsync(url, payment);
        var other = await Bureau().PutAsJsonAsync(url, payment with { bankReference = "ICBC-2027-000124" });
        var seen = await PayoutAsync(_other);

        Assert.Multiple(() =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same payment again");
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string)seen["status"]!, Is.EqualTo("paid"));
            Assert.That((string)seen["bankReference"]!, Is.EqualTo("ICBC-2027-000123"));
            Assert.That((string)seen["paidOn"]!, Is.EqualTo(payment.paidOn));
        });
        var problemBody = JsonNode.Parse(await other.Content.ReadAsStringAsync())!;
        Assert.That((string?)problemBody["code"], Is.EqualTo("payout_already_paid"));
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    "SELECT count(*) FROM audit_entries WHERE event_type LIKE '%PayoutPaid' AND aggregate_id = @id",
                    new { id = $"payout:{_county}:{_period}:{_other}" }
                ) == 1,
            because: () => "the payment is one entry of the audit trail"
        );
    }
}
