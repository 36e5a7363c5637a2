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
    public sealed record Summary(int Sent, int Approved, int OtherAnswers, int Unanswered, long RecordedPurchases, long AuditEntries, long PublicRows);

    public static async Task<Summary> AssertAsync(FaultWorld.Scenario scenario, IReadOnlyCollection<PurchaseOutcome> outcomes, TimeSpan? drainWithin = null)
    {
        await AssertLedgerAsync();
        await using var connection = await Database.OpenAsync(FaultWorld.Schema);

        // 3. Every approved answer a terminal got is exactly one recorded purchase with its postings.
        var approved = outcomes.Where(o => o.Approved).Select(o => (o, a: o.Read())).ToList();
        var approvedIds = approved.Select(x => x.a.PurchaseId).ToArray();
        var recorded = (await connection.QueryAsync<(Guid PurchaseId, string TerminalId, string IdempotencyKey, string Status)>(
            "SELECT purchase_id, terminal_id, idempotency_key, status FROM purchases WHERE purchase_id = ANY(@approvedIds)", new { approvedIds }))
            .ToDictionary(r => r.PurchaseId);
        var missing = approved.Where(x => !recorded.TryGetValue(x.a.PurchaseId, out var r) || r.TerminalId != x.o.TerminalId || r.IdempotencyKey != x.o.Key || r.Status != "approved")
            .Select(x => x.o.ToString()).Take(5).ToList();
        // A purchase the family pays in full (caps or funds used up) moves no subsidy money, so it has no postings.
        var subsidised = approved.Where(x => x.a.Split is { } s && s.FiscalFen + s.CollectiveFen + s.CharityFen > 0).Select(x => x.a.PurchaseId).ToArray();
        var withoutPostings = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM unnest(@subsidised) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.purchase_id = a.id)", new { subsidised });

        // ... and no purchase was recorded twice for one idempotency key (here or anywhere).
        var doubled = (await connection.QueryAsync<string>(
            "SELECT terminal_id || '/' || idempotency_key || ' x' || count(*) FROM purchases WHERE idempotency_key IS NOT NULL GROUP BY terminal_id, idempotency_key HAVING count(*) > 1 LIMIT 5")).AsList();
        var keys = outcomes.Select(o => o.Key).ToArray();
        var terminalIds = scenario.Terminals.Select(t => t.TerminalId).ToArray();
        var purchasesOfLoad = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM purchases WHERE terminal_id = ANY(@terminalIds) AND idempotency_key = ANY(@keys)", new { terminalIds, keys });
        var answered = outcomes.Count(o => o.Status == 200);

        // 4. No elder went over a monthly cap (every fault county has the same policy, FaultWorld.Caps).
        var elderIds = scenario.Elders.Select(e => e.ElderId).ToArray();
        var overCap = (await connection.QueryAsync<string>(
            "SELECT elder_id::text || ' ' || month FROM cap_usage WHERE elder_id = ANY(@elderIds) AND (fiscal_used_fen > @Fiscal OR collective_used_fen > @Collective OR charity_used_fen > @Charity)",
            new { elderIds, FaultWorld.Caps.Fiscal, FaultWorld.Caps.Collective, FaultWorld.Caps.Charity })).AsList();

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, "every approved answer is one recorded, approved purchase of that terminal and key");
            Assert.That(withoutPostings, Is.EqualTo(0), "every subsidised approved purchase has postings");
            Assert.That(doubled, Is.Empty, "no purchase recorded twice for one idempotency key");
            Assert.That(purchasesOfLoad, Is.EqualTo(answered), "every key a terminal got a 200 for is exactly one purchase, and no key without one left a purchase");
            Assert.That(overCap, Is.Empty, "no elder over a monthly cap");
        });

        // 5. The outbox drains, and every settled purchase arrived downstream exactly once: the audit
        // trail (an entry per event, its own inbox) and the public statistics (a row per purchase).
        await Eventually.AssertAsync(async () => await FaultWorld.CountAsync("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0,
            drainWithin ?? TimeSpan.FromSeconds(60), () => "the outbox did not drain");
        var approvedInCounty = approvedIds.Length;
        await Eventually.AssertAsync(async () =>
                await FaultWorld.CountAsync("SELECT count(*) FROM public_purchases WHERE purchase_id = ANY(@approvedIds)", new { approvedIds }) == approvedInCounty
                && await FaultWorld.CountAsync("SELECT count(DISTINCT aggregate_id) FROM audit_entries WHERE event_type LIKE '%PurchaseSettled' AND aggregate_id = ANY(@ids)",
                    new { ids = approvedIds.Select(i => i.ToString()).ToArray() }) == approvedInCounty,
            TimeSpan.FromSeconds(60), () => "not every settled purchase reached the audit trail and the public statistics");
        var audit = await FaultWorld.CountAsync("SELECT count(*) FROM audit_entries WHERE event_type LIKE '%PurchaseSettled' AND aggregate_id = ANY(@ids)",
            new { ids = approvedIds.Select(i => i.ToString()).ToArray() });
        var publicRows = await FaultWorld.CountAsync("SELECT count(*) FROM public_purchases WHERE purchase_id = ANY(@approvedIds)", new { approvedIds });
        Assert.That(audit, Is.EqualTo(approvedInCounty), "each PurchaseSettled is in the audit trail once, not twice");

        return new Summary(outcomes.Count, approved.Count, outcomes.Count(o => o.Status is not null and not 200), outcomes.Count(o => o.Status is null),
            purchasesOfLoad, audit, publicRows);
    }

    /// <summary>1 and 2: postings balance per transaction and in total; balances equal postings; no fund below zero; purchase lines and cap usage match.</summary>
    public static async Task AssertLedgerAsync()
    {
        await using var connection = await Database.OpenAsync(FaultWorld.Schema);

        var unbalanced = (await connection.QueryAsync<string>("""
            SELECT transaction_id::text || ' sums to ' || sum(amount_fen) FROM postings GROUP BY transaction_id HAVING sum(amount_fen) <> 0 LIMIT 5
            """)).AsList();
        var total = await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(amount_fen), 0)::bigint FROM postings");
        var drift = (await connection.QueryAsync<string>("""
            SELECT a.account_id || ': shards ' || coalesce(s.balance, 0) || ', postings ' || coalesce(p.total, 0)
                   || ', top-ups ' || coalesce(t.approved, 0) || ' vs top-up postings ' || coalesce(p.top_ups, 0)
              FROM accounts a
              LEFT JOIN (SELECT account_id, sum(balance_fen) AS balance FROM fund_shards GROUP BY account_id) s ON s.account_id = a.account_id
              LEFT JOIN (SELECT account_id, sum(amount_fen) AS total, sum(amount_fen) FILTER (WHERE kind = 'top_up') AS top_ups
                           FROM postings GROUP BY account_id) p ON p.account_id = a.account_id
              LEFT JOIN (SELECT account_id, sum(amount_fen) AS approved FROM fund_top_ups WHERE status = 'approved' GROUP BY account_id) t
                     ON t.account_id = a.account_id
             WHERE a.kind = 'fund'
               AND (coalesce(s.balance, 0) <> coalesce(p.total, 0) OR coalesce(t.approved, 0) <> coalesce(p.top_ups, 0))
             LIMIT 5
            """)).AsList();
        var negative = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM fund_shards WHERE balance_fen < 0");
        var badPurchases = (await connection.QueryAsync<string>("""
            SELECT p.purchase_id::text || ' (' || p.status || ')'
              FROM purchases p
              LEFT JOIN (SELECT purchase_id, sum(amount_fen) FILTER (WHERE account_id LIKE 'payable:%') AS payable
                           FROM postings WHERE purchase_id IS NOT NULL GROUP BY purchase_id) x ON x.purchase_id = p.purchase_id
             WHERE p.status IN ('approved', 'voided')
               AND (p.fiscal_fen + p.collective_fen + p.charity_fen + p.family_fen <> p.price_fen
                    OR coalesce(x.payable, 0) <> (p.fiscal_fen + p.collective_fen + p.charity_fen)
                                               - (p.fiscal_back_fen + p.collective_back_fen + p.charity_back_fen))
             LIMIT 5
            """)).AsList();
        var capDrift = (await connection.QueryAsync<string>("""
            SELECT c.elder_id::text || ' ' || c.month
              FROM cap_usage c
              LEFT JOIN (SELECT elder_id, cap_month,
                                sum(fiscal_fen - fiscal_back_fen) AS f, sum(collective_fen - collective_back_fen) AS c,
                                sum(charity_fen - charity_back_fen) AS h
                           FROM purchases WHERE status IN ('approved', 'voided') GROUP BY elder_id, cap_month) u
                     ON u.elder_id = c.elder_id AND u.cap_month = c.month
             WHERE c.fiscal_used_fen <> coalesce(u.f, 0) OR c.collective_used_fen <> coalesce(u.c, 0) OR c.charity_used_fen <> coalesce(u.h, 0)
             LIMIT 5
            """)).AsList();

        Assert.Multiple(() =>
        {
            Assert.That(unbalanced, Is.Empty, "every transaction's postings sum to zero");
            Assert.That(total, Is.EqualTo(0), "all postings sum to zero");
            Assert.That(drift, Is.Empty, "every fund balance equals its postings, and its top-ups are postings");
            Assert.That(negative, Is.EqualTo(0), "no fund shard below zero");
            Assert.That(badPurchases, Is.Empty, "every purchase's lines add to its price and match its postings");
            Assert.That(capDrift, Is.Empty, "cap usage equals what the sources paid in the booking month");
        });
    }
}
