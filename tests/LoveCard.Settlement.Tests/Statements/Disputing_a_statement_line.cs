using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>A provider disputes a line of a past month; the bureau accepts and the correction lands in the current
/// month.</summary>
public sealed class Disputing_a_statement_line
{
    private string _county = "";
    private Guid _provider;
    private Guid _purchase;

    [OneTimeSetUp]
    public async Task Book_a_purchase_in_a_past_month()
    {
        await StartAsync();
        _county = NewCounty();
        await BackOfficeData.AddFundsAsync(_county, _county + "001");
        _provider = await BackOfficeData.AddProviderAsync(_county);
        _purchase = await BackOfficeData.BookAsync(
            new PurchaseSpec(
                _provider,
                _county,
                Guid.NewGuid(),
                Guid.NewGuid(),
                _county,
                _county + "001",
                Local(2026, 5, 12),
                1200,
                300,
                0,
                500
            )
        );
    }

    private HttpClient Provider() => Host.CreateClient(Roles.Provider, _county, provider: _provider);

    private async Task<JsonNode> RaiseAsync(long claimedFen)
    {
        var response = await Provider()
            .PostAsJsonAsync(
                "/api/statements/disputes",
                new
                {
                    purchaseId = _purchase,
                    claimedFen,
                    reason = "two portions were served",
                }
            );
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        return JsonNode.Parse(body)!;
    }

    [Test]
    public async Task An_accepted_dispute_books_a_correction_in_the_current_period_only()
    {
        var may = await Provider().GetStringAsync($"/api/statements/providers/{_provider}?period=2026-05");
        var fundBefore = await ScalarAsync(
            "SELECT sum(balance_fen) FROM fund_shards WHERE account_id = @a",
            new { a = $"fund:{_county}:fiscal" }
        );
        var dispute = await RaiseAsync(300);

        var resolved = await Host.CreateClient(Roles.Bureau, _county)
            .PostAsJsonAsync(
                $"/api/statements/disputes/{dispute["disputeId"]}/resolve",
                new { decision = "accept", note = "receipt checked" }
            );
        var body = JsonNode.Parse(await resolved.Content.ReadAsStringAsync())!;
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That((string)body["status"]!, Is.EqualTo("accepted"));
        var correction = (string)body["correctionId"]!;

        var current = Shanghai.Period(Clock.GetUtcNow());
        var now = JsonNode.Parse(
            await Provider().GetStringAsync($"/api/statements/providers/{_provider}?period={current}")
        )!;
        Assert.Multiple(async () =>
        {
            Assert.That(
                await Provider().GetStringAsync($"/api/statements/providers/{_provider}?period=2026-05"),
                Is.EqualTo(may),
                "May stays as it was"
            );
            Assert.That(now["lines"]!.AsArray().Select(l => (string)l!["kind"]!), Is.EqualTo(new[] { "correction" }));
            Assert.That((long)now["totals"]!["fiscalFen"]!, Is.EqualTo(300));
            Assert.That(
                await ScalarAsync(
                    "SELECT sum(amount_fen) FROM postings WHERE transaction_id = @t::uuid",
                    new { t = correction }
                ),
                Is.EqualTo(0),
                "the correcting transaction sums to zero"
            );
            Assert.That(
                await ScalarAsync(
                    "SELECT count(*) FROM postings WHERE transaction_id = @t::uuid",
                    new { t = correction }
                ),
                Is.EqualTo(2)
            );
            Assert.That(
                await ScalarAsync(
                    "SELECT sum(balance_fen) FROM fund_shards WHERE account_id = @a",
                    new { a = $"fund:{_county}:fiscal" }
                ),
                Is.EqualTo(fundBefore - 300),
                "the fund's balance moved with its posting"
            );
            Assert.That(
                await ScalarAsync(
                    """
                    SELECT (SELECT sum(balance_fen) FROM fund_shards WHERE account_id = @a) - (SELECT sum(amount_fen)
                        FROM postings WHERE account_id = @a)
                    """,
                    new { a = $"fund:{_county}:fiscal" }
                ),
                Is.EqualTo(0),
                "shards equal postings"
            );
        });

        var twice = await Host.CreateClient(Roles.Bureau, _county)
            .PostAsJsonAsync($"/api/statements/disputes/{dispute["disputeId"]}/resolve", new { decision = "reject" });
        Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task A_rejected_dispute_books_nothing_and_another_county_cannot_resolve()
    {
        var dispute = await RaiseAsync(-100);
        var foreign = await Host.CreateClient(Roles.Bureau, NewCounty())
            .PostAsJsonAsync($"/api/statements/disputes/{dispute["disputeId"]}/resolve", new { decision = "accept" });
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var rejected = await Host.CreateClient(Roles.Bureau, _county)
            .PostAsJsonAsync(
                $"/api/statements/disputes/{dispute["disputeId"]}/resolve",
                new { decision = "reject", note = "not supported by the receipt" }
            );
        var body = JsonNode.Parse(await rejected.Content.ReadAsStringAsync())!;
        Assert.That((string)body["status"]!, Is.EqualTo("rejected"));
        Assert.That(body["correctionId"], Is.Null);

        var other = await Host.CreateClient(Roles.Provider, _county, provider: Guid.NewGuid())
            .PostAsJsonAsync(
                "/api/statements/disputes",
                new
                {
                    purchaseId = _purchase,
                    claimedFen = 5,
                    reason = "x",
                }
            );
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another provider's line");
    }
}
