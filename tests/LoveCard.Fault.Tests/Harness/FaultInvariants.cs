using Dapper;

namespace LoveCard.Fault.Tests.Harness;

/// <summary>
/// BENCHMARKS.md "Correctness under load", checked after every fault straight against settlement's
/// schema. The ledger queries are those of the settlement core's
/// <c>tests/LoveCard.Testing/LedgerInvariants.cs</c>; the rest tie the answers the
/// terminals got to what was recorded, and what was recorded to what arrived downstream.
/// </summary>
public static class FaultInvariants
{
    /// <summary>Counts for the results table in docs/reliability.md.</summary>
    public sealed record Summary(
        int Sent,
        int Approved,
        int OtherAnswers,
        int Unanswered,
        long RecordedPurchases,
        long AuditEntries,
        long PublicRows
    );

    public static async Task<Summary> AssertAsync(
        FaultWorld.Scenario scenario,
        IReadOnlyCollection<PurchaseOutcome> outcomes,
        TimeSpan? drainWithin = null
    )
    {
        await AssertLedgerAsync();
        await using var connection = await Database.OpenAsync(FaultWorld.Schema);

        // 3. Every approved answer a terminal got is exactly one recorded purchase with its postings.
        var approved = outcomes.Where(o => o.Approved).Select(o => (o, a: o.Read())).ToList();
        var approvedIds = approved.Select(x => x.a.PurchaseId).ToArray();
        var recorded = (
            await connection.QueryAsync<(Guid PurchaseId, string TerminalId, string IdempotencyKey, string Status)>(
                "SELECT purchase_id, terminal_id, idempotency_key, status FROM purchases WHERE purchase_id = "
                    + "ANY(@approvedIds)",
                new { approvedIds }
            )
        ).ToDictionary(r => r.PurchaseId);
        var missing = approved
            .Where(x =>
                !recorded.TryGetValue(x.a.PurchaseId, out var r)
                || r.TerminalId != x.o.TerminalId
                || r.IdempotencyKey != x.o.Key
                || r.Status != "approved"
            )
            .Select(x => x.o.ToString())
            .Take(5)
            .ToList();
        // A purchase the family pays in full (caps or funds used up) moves no subsidy money, so it has no postings.
        var subsidised = approved
            .Where(x => x.a.Split is { } s && s.FiscalFen + s.CollectiveFen + s.CharityFen > 0)
            .Select(x => x.a.PurchaseId)
            .ToArray();
        var withoutPostings = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM unnest(@subsidised) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE "
                + "p.purchase_id = a.id)",
            new { subsidised }
        );

        // ... and no purchase was recorded twice for one idempotency key (here or anywhere).
        var doubled = (
            await connection.QueryAsync<string>(
                "SELECT terminal_id || '/' || idempotency_key || ' x' || count(*) FROM purchases WHERE "
                    + "idempotency_key IS NOT NULL GROUP BY terminal_id, idempotency_key HAVING count(*) > 1 LIMIT 5"
            )
        ).AsList();
        var keys = outcomes.Select(o => o.Key).ToArray();
        var terminalIds = scenario.Terminals.Select(t => t.TerminalId).ToArray();
        var purchasesOfLoad = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM purchases WHERE terminal_id = ANY(@terminalIds) AND idempotency_key = ANY(@keys)",
            new { terminalIds, keys }
        );
        var answered = outcomes.Count(o => o.Status == 200);

        // 4. No elder went over a monthly cap (every fault county has the same policy, FaultWorld.Caps).
        var elderIds = scenario.Elders.Select(e => e.ElderId).ToArray();
        var overCap = (
            await connection.QueryAsync<string>(
                "SELECT elder_id::text || ' ' || month FROM cap_usage WHERE elder_id = ANY(@elderIds) AND "
                    + "(fiscal_used_fen > @Fiscal OR collective_used_fen > @Collective OR charity_used_fen > @Charity)",
                new
                {
                    elderIds,
                    FaultWorld.Caps.Fiscal,
                    FaultWorld.Caps.Collective,
                    FaultWorld.Caps.Charity,
                }
            )
        ).AsList();

        Assert.Multiple(() =>
        {
            Assert.That(
                missing,
                Is.Empty,
                "every approved answer is one recorded, approved purchase of that terminal and key"
            );
            Assert.That(withoutPostings, Is.EqualTo(0), "every subsidised approved purchase has postings");
            Assert.That(doubled, Is.Empty, "no purchase recorded twice for one idempotency key");
            Assert.That(
                purchasesOfLoad,
                Is.EqualTo(answered),
                "every key a terminal got a 200 for is exactly one purchase, and no key without one left a purchase"
            );
            Assert.That(overCap, Is.Empty, "no elder over a monthly cap");
        });

        // 5. The outbox drains, and every settled purchase arrived downstream exactly once: the audit
        // trail (an entry per event, its own inbox) and the public statistics (a row per purchase).
        await Eventually.AssertAsync(
            async () => await FaultWorld.CountAsync("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0,
            drainWithin ?? TimeSpan.FromSeconds(60),
            () => "the outbox did not drain"
        );
        var approvedInCounty = approvedIds.Length;
        await Eventually.AssertAsync(
            async () =>
                await FaultWorld.CountAsync(
                    "SELECT count(*) FROM public_purchases WHERE purchase_id = ANY(@approvedIds)",
                    new { approvedIds }
                ) == approvedInCounty
                && await FaultWorld.CountAsync(
                    "SELECT count(DISTINCT aggregate_id) FROM audit_entries WHERE event_type LIKE '%PurchaseSettled' "
                        + "AND aggregate_id = ANY(@ids)",
                    new { ids = approvedIds.Select(i => i.ToString()).ToArray() }
                ) == approvedInCounty,
            TimeSpan.FromSeconds(60),
            () => "not every settled purchase reached the audit trail and the public statistics"
        );
        var audit = await FaultWorld.CountAsync(
            "SELECT count(*) FROM audit_entries WHERE event_type LIKE '%PurchaseSettled' AND aggregate_id = ANY(@ids)",
            new { ids = approvedIds.Select(i => i.ToString()).ToArray() }
        );
        var publicRows = await FaultWorld.CountAsync(
            "SELECT count(*) FROM public_purchases WHERE purchase_id = ANY(@approvedIds)",
            new { approvedIds }
        );
        Assert.That(audit, Is.EqualTo(approvedInCounty), "each PurchaseSettled is in the audit trail once, not twice");

        return new Summary(
            outcomes.Count,
            approved.Count,
            outcomes.Count(o => o.Status is not null and not 200),
            outcomes.Count(o => o.Status is null),
            purchasesOfLoad,
            audit,
            publicRows
        );
    }

    /// <summary>1 and 2: the ledger's conditions, checked by the shared <see cref="LedgerInvariants"/>.</summary>
    public static Task AssertLedgerAsync() => LedgerInvariants.AssertAsync(FaultWorld.Schema);
}
