using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>
/// Opening and resolving a dispute are changes of money (DOMAIN.md §6): each publishes its event
/// through the outbox in the same transaction, and both land in the audit trail with who and why.
/// </summary>
public sealed class Publishing_dispute_events
{
    private string _county = "";
    private Guid _provider;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        await BackOfficeData.AddFundsAsync(_county, _county + "001");
        _provider = await BackOfficeData.AddProviderAsync(_county);
    }

    private async Task<JsonNode> RaiseAsync(Guid purchase, long claimedFen, string reason)
    {
        var response = await Host.CreateClient(Roles.Provider, _county, provider: _provider)
            .PostAsJsonAsync(
                "/api/statements/disputes",
                new
                {
                    purchaseId = purchase,
                    claimedFen,
                    reason,
                }
            );
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        return JsonNode.Parse(body)!;
    }

    private static async Task<List<AuditRow>> AuditAsync(string aggregateId)
    {
        await using var connection = await OpenAsync();
        return (
            await connection.QueryAsync<AuditRow>(
                """
                SELECT event_type, aggregate_version, actor_kind, actor_id, reason, summary FROM audit_entries
                 WHERE aggregate_id = @aggregateId ORDER BY aggregate_version
                """,
                new { aggregateId }
            )
        ).AsList();
    }

    private sealed class AuditRow
    {
        public string EventType { get; init; } = "";

        public long AggregateVersion { get; init; }

        public string ActorKind { get; init; } = "";

        public string ActorId { get; init; } = "";

        public string Reason { get; init; } = "";

        public string Summary { get; init; } = "";
    }

    [Test]
    public async Task An_accepted_dispute_is_opened_and_resolved_in_the_audit_trail_with_its_correction()
    {
        var purchase = await BackOfficeData.BookAsync(
            new PurchaseSpec(
                _provider,
                _county,
                Guid.NewGuid(),
                Guid.NewGuid(),
                _county,
                _county + "001",
                Local(2026, 6, 3),
                1200,
                300,
                0,
                500
            )
        );
        var dispute = await RaiseAsync(purchase, 250, "two portions were served");
        var disputeId = (string)dispute["disputeId"]!;
        Assert.That(
            await ScalarAsync(
                "SELECT count(*) FROM outbox WHERE aggregate_id = @disputeId AND message_type LIKE '%DisputeOpened%'",
                new { disputeId }
            ),
            Is.EqualTo(1),
            "DisputeOpened written with the dispute"
        );

        var resolved = await Host.CreateClient(Roles.Bureau, _county)
            .PostAsJsonAsync(
                $"/api/statements/disputes/{disputeId}/resolve",
                new
                {
                    decision = "accept",
                    note = "receipt checked",
                    source = "charity",
                }
            );
        var body = JsonNode.Parse(await resolved.Content.ReadAsStringAsync())!;
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());

        await Eventually.AssertAsync(
            async () => (await AuditAsync(disputeId)).Count == 2,
            TimeSpan.FromSeconds(30),
            () =>
                "audit entries for the dispute: "
                + $"{string.Join(", ", AuditAsync(disputeId).Result.Select(r => r.EventType))}"
        );
        var entries = await AuditAsync(disputeId);
        Assert.Multiple(() =>
        {
            Assert.That(
                entries.Select(e => (e.EventType, e.AggregateVersion)),
                Is.EqualTo(new[] { ("DisputeOpened", 1L), ("DisputeResolved", 2L) })
            );
            Assert.That(entries.Select(e => e.ActorKind), Is.All.EqualTo("user"));
            Assert.That(entries[0].ActorId, Is.EqualTo((string)dispute["raisedBy"]!), "the provider's user opened it");
            Assert.That(entries[1].ActorId, Is.EqualTo((string)body["resolvedBy"]!), "the bureau's user resolved it");
            Assert.That(entries[0].Reason, Is.EqualTo("two portions were served"));
            Assert.That(entries[1].Reason, Is.EqualTo("receipt checked"));
            var summary = JsonNode.Parse(entries[1].Summary)!;
            Assert.That((string)summary["status"]!, Is.EqualTo("accepted"));
            Assert.That((long)summary["correctionFen"]!, Is.EqualTo(250));
            Assert.That((string)summary["correctionSource"]!, Is.EqualTo("charity"));
            Assert.That((string)summary["correctionId"]!, Is.EqualTo((string)body["correctionId"]!));
        });
    }

    [Test]
    public async Task A_rejected_dispute_says_so_and_books_no_correction()
    {
        var purchase = await BackOfficeData.BookAsync(
            new PurchaseSpec(
                _provider,
                _county,
                Guid.NewGuid(),
                Guid.NewGuid(),
                _county,
                _county + "001",
                Local(2026, 6, 4),
                1000,
                0,
                0,
                0
            )
        );
        var disputeId = (string)(await RaiseAsync(purchase, -100, "charged twice"))["disputeId"]!;
        var rejected = await Host.CreateClient(Roles.Bureau, _county)
            .PostAsJsonAsync($"/api/statements/disputes/{disputeId}/resolve", new { decision = "reject" });
        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Eventually.AssertAsync(
            async () => (await AuditAsync(disputeId)).Any(e => e.EventType == "DisputeResolved"),
            TimeSpan.FromSeconds(30),
            () => "no DisputeResolved in the audit trail"
        );
        var resolved = (await AuditAsync(disputeId)).Single(e => e.EventType == "DisputeResolved");
        var summary = JsonNode.Parse(resolved.Summary)!;
        Assert.That((string)summary["status"]!, Is.EqualTo("rejected"));
        Assert.That((long)summary["correctionFen"]!, Is.EqualTo(0));
        Assert.That(summary["correctionId"], Is.Null);
        Assert.That(resolved.Reason, Is.EqualTo("rejected"), "without a note the decision is the reason");
    }
}
