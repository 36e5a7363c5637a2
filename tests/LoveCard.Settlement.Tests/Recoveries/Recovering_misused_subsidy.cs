using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.BackOffice.Recoveries;
using LoveCard.Settlement.Tests.Statements;
using LoveCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Recoveries;

/// <summary>
/// A confirmed misuse recovered (DOMAIN.md §8 "Recovery"): a provider of county A was paid in August 2026 on
/// purchases of an elder of A and one of B; a recovery proposed by one bureau user and approved by another on
/// 15 September takes the subsidy back to each home county's funds, off the provider's September statement and
/// payout, and into September's netting between A and B with the opposite sign; the ledger invariants hold.
/// The approval runs on a store with its own clock at 15 September (the fixture's host runs at today's date).
/// </summary>
public sealed class Recovering_misused_subsidy
{
    private static readonly DateTimeOffset Approval = Local(2026, 9, 15, 10);
    private string _a = "",
        _b = "";
    private Guid _provider;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        (_a, _b) = (NewCounty(), NewCounty());
        await BackOfficeData.AddFundsAsync(_a, _a + "001");
        await BackOfficeData.AddFundsAsync(_b, _b + "001");
        _provider = await BackOfficeData.AddProviderAsync(_a);
    }

    private PurchaseSpec Sale(
        string home,
        DateTimeOffset at,
        long fiscal,
        long collective,
        long charity,
        long family
    ) =>
        new(_provider, _a, Guid.NewGuid(), Guid.NewGuid(), home, home + "001", at, fiscal, collective, charity, family);

    private static async Task<long> FundAsync(string county, string source) =>
        await ScalarAsync(
            "SELECT coalesce(sum(s.balance_fen), 0)::bigint FROM fund_shards s JOIN accounts a ON a.account_id = "
                + "s.account_id "
                + "WHERE a.kind = 'fund' AND a.county = @county AND a.source = @source",
            new { county, source }
        );

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"]?.GetValue<string>();

    private async Task<JsonNode> CloseAsync(string county, string period)
    {
        var response = await Host.CreateClient(Roles.Bureau, county)
            .PostAsync($"/api/clearing/{period}/close?county={county}", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200).Or.EqualTo(201), body);
        return JsonNode.Parse(body)!;
    }

    [Test]
    public async Task Takes_the_subsidy_back_to_the_funds_and_off_the_next_statement_and_clearing_adds_up()
    {
        var misusedA = await BackOfficeData.BookAsync(Sale(_a, Local(2026, 8, 10, 12), 1200, 225, 75, 0));
        var misusedA2 = await BackOfficeData.BookAsync(Sale(_a, Local(2026, 8, 11, 12), 800, 150, 50, 200));
        var misusedB = await BackOfficeData.BookAsync(Sale(_b, Local(2026, 8, 12, 12), 300, 200, 0, 500));
        await BackOfficeData.BookAsync(Sale(_a, Local(2026, 9, 20, 12), 3000, 500, 100, 0)); // September's own sales
        // some came back already
        await BackOfficeData.ReverseAsync(misusedA2, "refund", Local(2026, 8, 20, 9), refundFen: 400);
        var held = await ScalarAsync(
            """
            SELECT sum(fiscal_fen + collective_fen + charity_fen - fiscal_back_fen - collective_back_fen -
                charity_back_fen)::bigint
              FROM purchases WHERE purchase_id = ANY(@ids)
            """,
            new { ids = new[] { misusedA, misusedA2, misusedB } }
        );
        var heldB = await ScalarAsync(
            "SELECT (fiscal_fen + collective_fen + charity_fen)::bigint FROM purchases WHERE purchase_id = @misusedB",
            new { misusedB }
        );
        var fiscalA = await FundAsync(_a, "fiscal");
        var fiscalB = await FundAsync(_b, "fiscal");
        var august = await CloseAsync(_a, "2026-08");
        var augustPayable = await ScalarAsync(
            """
            SELECT sum(amount_fen)::bigint FROM postings WHERE account_id = 'payable:' || @provider AND booked_at >=
                @from AND booked_at < @to
            """,
            new
            {
                provider = _provider,
                from = Local(2026, 8, 1, 0).UtcDateTime,
                to = Local(2026, 9, 1, 0).UtcDateTime,
            }
        );

        using var maker = Host.CreateClient(Roles.Bureau, _a, subject: "recovery-maker");
        var proposed = await maker.PostAsJsonAsync(
            "/api/recoveries",
            new { purchaseIds = new[] { misusedA, misusedA2, misusedB }, reason = "骗取补助：虚构服务记录" }
        );
        var proposal = JsonNode.Parse(await proposed.Content.ReadAsStringAsync())!;
        Assert.That(proposed.StatusCode, Is.EqualTo(HttpStatusCode.Created), proposal.ToJsonString());
        var recoveryId = (Guid)proposal["recoveryId"]!;
        Assert.That((long)proposal["proposedFen"]!, Is.EqualTo(held));
        var again = await maker.PostAsJsonAsync(
            "/api/recoveries",
            new { purchaseIds = new[] { misusedA }, reason = "twice" }
        );
        var self = await maker.PostAsync($"/api/recoveries/{recoveryId}/approve", null);
        Assert.That(((int)again.StatusCode, await CodeAsync(again)), Is.EqualTo((409, "recovery_pending")));
        Assert.That(
            ((int)self.StatusCode, await CodeAsync(self)),
            Is.EqualTo((403, "maker_checker")),
            "nothing moves on the maker's own approval"
        );
        Assert.That(await FundAsync(_a, "fiscal"), Is.EqualTo(fiscalA));

        var checker = Host.CreateClient(Roles.Bureau, _a, subject: "recovery-checker");
        var store = new RecoveryStore(
            Host.Services.GetRequiredService<NpgsqlDataSource>(),
            new FakeTimeProvider(Approval)
        );
        var approved = await store.ApproveAsync(
            new Caller("recovery-checker", Roles.Bureau, _a, null, null, []),
            recoveryId,
            default
        );
        var twice = await checker.PostAsync($"/api/recoveries/{recoveryId}/approve", null);

        Assert.Multiple(async () =>
        {
            Assert.That(approved.Status, Is.EqualTo("approved"));
            Assert.That(
                approved.AmountFen,
                Is.EqualTo(held),
                "everything the provider still held, nothing of the family's"
            );
            Assert.That(((int)twice.StatusCode, await CodeAsync(twice)), Is.EqualTo((409, "already_approved")));
            Assert.That(
                await FundAsync(_a, "fiscal") - fiscalA,
                Is.EqualTo(approved.Lines.Where(l => l.HomeCounty == _a).Sum(l => l.FiscalFen))
            );
            Assert.That(
                await FundAsync(_b, "fiscal") - fiscalB,
                Is.EqualTo(300),
                "B's elder's share goes back to B's fund"
            );
        });

        // August, closed before, does not change; September's statement and payout carry the recovery.
        var september = await CloseAsync(_a, "2026-09");
        var statement = JsonNode.Parse(
            await checker.GetStringAsync($"/api/statements/providers/{_provider}?period=2026-09&pageSize=50")
        )!;
        var lines = statement["lines"]!.AsArray();
        var payout = september["payouts"]!.AsArray().Single(p => (Guid)p!["providerId"]! == _provider)!;
        var augustPayout = august["payouts"]!.AsArray().Single(p => (Guid)p!["providerId"]! == _provider)!;
        var net = september["nets"]!.AsArray().Single(n => (string)n!["counterpartyCounty"]! == _b)!;
        Assert.Multiple(() =>
        {
            Assert.That(
                lines
                    .Where(l => (string)l!["kind"]! == "recovery")
                    .Sum(l => (long)l!["fiscalFen"]! + (long)l["collectiveFen"]! + (long)l["charityFen"]!),
                Is.EqualTo(-held),
                "recovery lines on the next statement"
            );
            Assert.That(
                (long)payout["amountFen"]!,
                Is.EqualTo(3600 - held),
                "September pays its sales less the recovery"
            );
            Assert.That(
                (long)statement["totals"]!["subsidyFen"]!,
                Is.EqualTo((long)payout["amountFen"]!),
                "statement = payout"
            );
            Assert.That(
                (long)augustPayout["amountFen"]!,
                Is.EqualTo(augustPayable),
                "August, closed before the recovery, stays as paid"
            );
            Assert.That((long)net["owedByFen"]!, Is.EqualTo(-heldB), "B's share nets back with the opposite sign");
        });
        await LedgerInvariants.AssertAsync(Host.Schema);
    }
}
