using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>
/// Voids and refunds made through the real terminal path (Purchases/Reversals.cs), which now copies
/// the purchase's provider, county, elder and item onto the reversal (041_statement_reversals.sql):
/// the provider's and the elder's statements still equal the ledger, line for line and per source.
/// </summary>
public sealed class Reversing_at_a_terminal_then_reading_the_statement
{
    private string _county = "";
    private Guid _provider;
    private string _period = "";
    private DateTimeOffset _from;
    private DateTimeOffset _to;
    private Elder _first = null!;
    private readonly List<Guid> _purchases = [];
    private readonly List<Guid> _reversals = [];

    [OneTimeSetUp]
    public async Task Buy_void_and_refund_at_a_terminal()
    {
        await StartAsync();
        _county = NewCounty();
        _provider = await AddProviderAsync(_county, [Item("meal", 1500), Item("bath", 2000)]);
        var terminal = await AddTerminalAsync(_provider, _county);
        var month = Shanghai.MonthStart(Now);
        _period = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        _from = Shanghai.StartOf(month);
        _to = Shanghai.StartOf(month.AddMonths(1));

        _first = await AddElderAsync(_county, category: 1);
        var second = await AddElderAsync(_county, category: 1, village: _first.Village);
        await TopUpAllAsync(_county, _first.Village, 1_000_000);
        foreach (
            var (elder, item, quantity) in new[]
            {
                (_first, "meal", 1),
                (_first, "meal", 2),
                (_first, "bath", 1),
                (second, "meal", 1),
                (second, "bath", 1),
            }
        )
        {
            var bought = await BuyAsync(terminal, PurchaseBody(Card(elder), item, quantity));
            Assert.That(bought.Status, Is.EqualTo("approved"), bought.DeclineCode);
            _purchases.Add(bought.PurchaseId);
        }

        // A void of the two meals (the quantity goes back too), a partial refund, and a refund in two parts of all that
        // remains.
        _reversals.Add(
            await ReverseAsync(
                terminal,
                $"/terminal/v1/purchases/{_purchases[1]}/void",
                new { reason = "wrong card" },
                "reversals",
                0
            )
        );
        _reversals.Add(
            await ReverseAsync(
                terminal,
                $"/terminal/v1/purchases/{_purchases[2]}/refunds",
                new { amountFen = 777, reason = "short" },
                "refundId",
                null
            )
        );
        _reversals.Add(
            await ReverseAsync(
                terminal,
                $"/terminal/v1/purchases/{_purchases[3]}/refunds",
                new { amountFen = 1000 },
                "refundId",
                null
            )
        );
        _reversals.Add(
            await ReverseAsync(
                terminal,
                $"/terminal/v1/purchases/{_purchases[3]}/refunds",
                new { amountFen = 500 },
                "refundId",
                null
            )
        );
    }

    private static async Task<Guid> ReverseAsync(
        TestTerminal terminal,
        string target,
        object body,
        string idProperty,
        int? index
    )
    {
        var response = await terminal.PostJsonAsync(target, body, Guid.NewGuid().ToString("N"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var json = JsonNode.Parse(text)!;
        return Guid.Parse((string)(index is { } i ? json[idProperty]![i]!["reversalId"]! : json[idProperty]!)!);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!;
    }

    [Test]
    public async Task The_provider_statement_equals_the_ledger_per_source()
    {
        var statement = await GetJsonAsync(
            Host.CreateClient(Roles.Provider, _county, provider: _provider),
            $"/api/statements/providers/{_provider}?period={_period}&pageSize=100"
        );
        var totals = statement["totals"]!;
        await using var connection = await Database.OpenAsync(Host.Schema);
        var ledger = await connection.QuerySingleAsync<(long Fiscal, long Collective, long Charity, long Payable)>(
            """
            WITH tx AS (
                SELECT DISTINCT transaction_id FROM postings
                 WHERE account_id = 'payable:' || @provider AND booked_at >= @from AND booked_at < @to
            )
            SELECT coalesce(-sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'fund:%:fiscal'), 0)::bigint,
                   coalesce(-sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'fund:%:collective:%'), 0)::bigint,
                   coalesce(-sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'fund:%:charity'), 0)::bigint,
                   coalesce(sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'payable:%'), 0)::bigint
              FROM postings p JOIN tx USING (transaction_id)
            """,
            new
            {
                provider = _provider,
                from = _from.UtcDateTime,
                to = _to.UtcDateTime,
            }
        );
        var lines = statement["lines"]!.AsArray();
        var reversalLines = lines.Where(l => (string)l!["kind"]! != "purchase").ToList();
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
                (int)totals["lines"]!,
                Is.EqualTo(_purchases.Count + _reversals.Count),
                "every purchase and every reversal is a line"
            );
            Assert.That(reversalLines.Select(l => Guid.Parse((string)l!["lineId"]!)), Is.EquivalentTo(_reversals));
            Assert.That(
                reversalLines.Select(l => (string)l!["kind"]!),
                Is.EquivalentTo(new[] { "void", "refund", "refund", "refund" })
            );
            Assert.That(reversalLines.Select(l => (string)l!["providerId"]!), Has.All.EqualTo(_provider.ToString()));
            Assert.That(
                reversalLines.Select(l => (long)l!["amountFen"]!),
                Has.All.LessThan(0),
                "reversals are negative lines"
            );
            Assert.That(
                lines.Sum(l => (long)l!["amountFen"]!),
                Is.EqualTo((long)totals["amountFen"]!),
                "the one page holds every line"
            );
        });

        // Per item: the voided purchase of two meals and its void cancel out, quantity included; refunds keep the
        // quantity.
        var items = statement["items"]!.AsArray().ToDictionary(i => (string)i!["item"]!, i => i!);
        Assert.Multiple(() =>
        {
            Assert.That((long)items["meal"]["quantity"]!, Is.EqualTo(2), "1 + 2 + 1 meals, 2 voided");
            Assert.That((long)items["bath"]["quantity"]!, Is.EqualTo(2));
            Assert.That((long)items["bath"]["amountFen"]!, Is.EqualTo(2 * 2000 - 777));
            Assert.That(
                (long)items["meal"]["amountFen"]!,
                Is.EqualTo(1500 + 1500 - 1500),
                "the voided 3000 nets to 0; 1500 refunded of the second elder's meal"
            );
        });
    }

    [Test]
    public async Task The_county_summary_and_the_csv_agree_with_the_statement()
    {
        var own = await GetJsonAsync(
            Host.CreateClient(Roles.Provider, _county, provider: _provider),
            $"/api/statements/providers/{_provider}?period={_period}"
        );
        var summary = await GetJsonAsync(
            Host.CreateClient(Roles.Bureau, _county),
            $"/api/statements/counties/{_county}?period={_period}"
        );
        var row = summary["providers"]!.AsArray().Single(p => (string)p!["providerId"]! == _provider.ToString())!;
        Assert.That(row["totals"]!.ToJsonString(), Is.EqualTo(own["totals"]!.ToJsonString()));
        Assert.That(row["items"]!.ToJsonString(), Is.EqualTo(own["items"]!.ToJsonString()));

        var csv = await Host.CreateClient(Roles.Provider, _county, provider: _provider)
            .GetAsync($"/api/statements/providers/{_provider}?period={_period}&format=csv&headers=codes");
        Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var text = await csv.Content.ReadAsStringAsync();
        var rows = CsvTestReader.Parse(text.TrimStart('\uFEFF'));
        var header = rows[0];
        var data = rows.Skip(1).Where(r => r[header.IndexOf("kind")] != "total").ToList();
        var total = rows.Single(r => r[header.IndexOf("kind")] == "total");
        foreach (
            var column in new[] { "amountFen", "fiscalFen", "collectiveFen", "charityFen", "familyFen", "quantity" }
        )
        {
            var sum = data.Sum(r =>
                long.Parse(r[header.IndexOf(column)], System.Globalization.CultureInfo.InvariantCulture)
            );
            Assert.That(
                long.Parse(total[header.IndexOf(column)], System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(sum),
                "total row " + column
            );
            if (column != "quantity")
            {
                Assert.That(sum, Is.EqualTo((long)own["totals"]![column]!), column);
            }
        }
    }

    [Test]
    public async Task The_elder_statement_lists_the_elders_reversals()
    {
        var statement = await GetJsonAsync(
            Host.CreateClient(Roles.Elder, elder: _first.ElderId),
            $"/api/statements/elders/{_first.ElderId}?period={_period}"
        );
        var lines = statement["lines"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(
                lines.Select(l => (string)l!["kind"]!),
                Is.EquivalentTo(new[] { "purchase", "purchase", "purchase", "void", "refund" })
            );
            Assert.That(lines.Select(l => (string)l!["elderId"]!), Has.All.EqualTo(_first.ElderId.ToString()));
            Assert.That((long)statement["totals"]!["amountFen"]!, Is.EqualTo(1500 + 3000 + 2000 - 3000 - 777));
        });
    }
}
