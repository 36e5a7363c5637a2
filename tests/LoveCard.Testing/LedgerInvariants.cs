using Dapper;
using NUnit.Framework;

namespace LoveCard.Testing;

/// <summary>
/// The ledger's correctness conditions (DOMAIN.md §3, BENCHMARKS.md "Correctness under load"),
/// checked straight against settlement's schema. Shared by the settlement, end-to-end and fault tests; call after every
/// test that moves money:
/// <c>await LedgerInvariants.AssertAsync(host.Schema);</c>
/// </summary>
public static class LedgerInvariants
{
    public static async Task AssertAsync(string schema)
    {
        await using var connection = await Database.OpenAsync(schema);
        await AssertAsync(connection);
    }

    /// <summary>The same checks on any settlement database, e.g. a restored copy on its own server.</summary>
    public static async Task AssertAsync(Npgsql.NpgsqlConnection connection)
    {
        var unbalanced = (
            await connection.QueryAsync<string>(
                """
                SELECT transaction_id::text || ' sums to ' || sum(amount_fen) FROM postings GROUP BY transaction_id
                    HAVING sum(amount_fen) <> 0 LIMIT 5
                """
            )
        ).AsList();
        var total = await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(amount_fen), 0)::bigint FROM postings"
        );

        // Every fund's stored balance (its shards) equals the sum of its postings, and its top-ups are postings too.
        var drift = (
            await connection.QueryAsync<string>(
                """
                SELECT a.account_id || ': shards ' || coalesce(s.balance, 0) || ', postings ' || coalesce(p.total, 0)
                       || ', top-ups ' || coalesce(t.approved, 0) || ' vs top-up postings ' || coalesce(p.top_ups, 0)
                  FROM accounts a
                  LEFT JOIN (SELECT account_id, sum(balance_fen) AS balance FROM fund_shards GROUP BY account_id) s ON
                      s.account_id = a.account_id
                  LEFT JOIN (SELECT account_id, sum(amount_fen) AS total, sum(amount_fen) FILTER (WHERE kind = 'top_up')
                      AS top_ups
                               FROM postings GROUP BY account_id) p ON p.account_id = a.account_id
                  LEFT JOIN (SELECT account_id, sum(amount_fen) AS approved FROM fund_top_ups WHERE status = 'approved'
                      GROUP BY account_id) t
                         ON t.account_id = a.account_id
                 WHERE a.kind = 'fund'
                   AND (coalesce(s.balance, 0) <> coalesce(p.total, 0) OR coalesce(t.approved, 0) <> coalesce(p.top_ups,
                       0))
                 LIMIT 5
                """
            )
        ).AsList();
        var negative = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM fund_shards WHERE balance_fen < 0"
        );
        var orphanShards = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM fund_shards s WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = "
                + "s.account_id AND a.kind = 'fund')"
        );

        // Every booked purchase's lines add up to its price, and its postings equal its lines less what came back:
        // the subsidised lines on the provider's payable, the family's line from the families to the provider's
        // counter (ADR 0040), so payable + counter = the provider's takings.
        var badPurchases = (
            await connection.QueryAsync<string>(
                """
                SELECT p.purchase_id::text || ' (' || p.status || ')'
                  FROM purchases p
                  LEFT JOIN (SELECT purchase_id, sum(amount_fen) FILTER (WHERE account_id LIKE 'payable:%') AS payable,
                                    sum(amount_fen) FILTER (WHERE account_id LIKE 'counter:%') AS counter,
                                    sum(amount_fen) FILTER (WHERE account_id LIKE 'family:%') AS family
                               FROM postings WHERE purchase_id IS NOT NULL GROUP BY purchase_id) x ON x.purchase_id =
                                   p.purchase_id
                 WHERE p.status IN ('approved', 'voided')
                   AND (p.fiscal_fen + p.collective_fen + p.charity_fen + p.family_fen <> p.price_fen
                        OR coalesce(x.payable, 0) <> (p.fiscal_fen + p.collective_fen + p.charity_fen)
                                                   - (p.fiscal_back_fen + p.collective_back_fen + p.charity_back_fen)
                        OR coalesce(x.counter, 0) <> p.family_fen - p.family_back_fen
                        OR coalesce(x.family, 0) <> p.family_back_fen - p.family_fen
                        OR p.fiscal_back_fen > p.fiscal_fen OR p.collective_back_fen > p.collective_fen
                        OR p.charity_back_fen > p.charity_fen OR p.family_back_fen > p.family_fen)
                 LIMIT 5
                """
            )
        ).AsList();

        // Cap usage equals what the sources paid (less what came back) in that booking month.
        var capDrift = (
            await connection.QueryAsync<string>(
                """
                SELECT c.elder_id::text || ' ' || c.month
                  FROM cap_usage c
                  LEFT JOIN (SELECT elder_id, cap_month,
                                    sum(fiscal_fen - fiscal_back_fen) AS f, sum(collective_fen - collective_back_fen) AS
                                        c,
                                    sum(charity_fen - charity_back_fen) AS h
                               FROM purchases WHERE status IN ('approved', 'voided') GROUP BY elder_id, cap_month) u
                         ON u.elder_id = c.elder_id AND u.cap_month = c.month
                 WHERE c.fiscal_used_fen <> coalesce(u.f, 0) OR c.collective_used_fen <> coalesce(u.c, 0) OR
                     c.charity_used_fen <> coalesce(u.h, 0)
                 LIMIT 5
                """
            )
        ).AsList();

        // A declined purchase moves no money: no postings at all.
        var declinedWithPostings = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM purchases p WHERE p.status = 'declined' AND EXISTS (SELECT 1 FROM postings x WHERE "
                + "x.purchase_id = p.purchase_id)"
        );

        Assert.Multiple(() =>
        {
            Assert.That(unbalanced, Is.Empty, "every transaction's postings sum to zero");
            Assert.That(total, Is.EqualTo(0), "all postings sum to zero");
            Assert.That(drift, Is.Empty, "every fund balance equals its postings, and its top-ups are postings");
            Assert.That(negative, Is.EqualTo(0), "no fund shard below zero");
            Assert.That(orphanShards, Is.EqualTo(0), "every shard belongs to a fund account");
            Assert.That(
                badPurchases,
                Is.Empty,
                "every purchase's lines add to its price and match its postings (subsidy and family)"
            );
            Assert.That(declinedWithPostings, Is.EqualTo(0), "a declined purchase has no postings");
            Assert.That(capDrift, Is.Empty, "cap usage equals what the sources paid in the booking month");
        });
    }
}
