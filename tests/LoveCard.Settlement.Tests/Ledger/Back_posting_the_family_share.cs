using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Tests.Statements;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Ledger;

/// <summary>
/// Migration 140 (ADR 0040) on a purchase and a refund booked before the family's share was posted: their family
/// postings are back-posted in their own transactions at their own booking times, and running it again adds
/// nothing.
/// </summary>
public sealed class Back_posting_the_family_share
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    private static string Migration() =>
        File.ReadAllText(
            Path.Combine(
                TestInfrastructure.RepositoryRoot(),
                "src",
                "LoveCard.Settlement",
                "Migrations",
                "140_family_share_postings.sql"
            )
        );

    [Test]
    public async Task An_earlier_purchase_and_refund_get_their_family_postings_once()
    {
        var county = NewCounty();
        var provider = Guid.NewGuid();
        var purchaseId = Guid.NewGuid();
        var refundId = Guid.NewGuid();
        var bookedAt = Local(2025, 11, 20, 12);
        var refundedAt = Local(2025, 12, 2, 9);
        await using var connection = await OpenAsync();
        // As the purchase path wrote them before: the rows, no postings (the family paid it all, so no subsidy).
        await connection.ExecuteAsync(
            """
            INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key,
                status, credential_type, item, quantity, list_price_fen, price_fen, fiscal_fen, collective_fen,
                charity_fen, family_fen, family_back_fen, home_county, occurred_at, booked_at, booked_day)
            VALUES (@purchaseId, 'RB' || @purchaseId, 'T-old', @provider, @county, 'key-' || @purchaseId,
                'approved', 'card', 'meal', 1, 1500, 1500, 0, 0, 0, 1500, 400, @county, @bookedAt, @bookedAt,
                @bookedDay);
            INSERT INTO reversals (reversal_id, purchase_id, kind, amount_fen, fiscal_fen, collective_fen, charity_fen,
                family_fen, reason, terminal_id, booked_at, booked_day, provider_id, provider_county, home_county,
                item, quantity_back)
            VALUES (@refundId, @purchaseId, 'refund', 400, 0, 0, 0, 400, 'old', 'T-old', @refundedAt, @refundedDay,
                @provider, @county, @county, 'meal', 0);
            """,
            new
            {
                purchaseId,
                refundId,
                provider,
                county,
                bookedAt = bookedAt.UtcDateTime,
                bookedDay = Shanghai.Today(bookedAt),
                refundedAt = refundedAt.UtcDateTime,
                refundedDay = Shanghai.Today(refundedAt),
            }
        );

        await connection.ExecuteAsync(Migration());
        var first = await PostingsAsync(connection, purchaseId);
        await connection.ExecuteAsync(Migration());
        var second = await PostingsAsync(connection, purchaseId);

        Assert.Multiple(() =>
        {
            Assert.That(
                first,
                Is.EquivalentTo(
                    new[]
                    {
                        (purchaseId, $"family:{provider}", -1500L, "purchase", bookedAt.UtcDateTime),
                        (purchaseId, $"counter:{provider}", 1500L, "purchase", bookedAt.UtcDateTime),
                        (refundId, $"family:{provider}", 400L, "refund", refundedAt.UtcDateTime),
                        (refundId, $"counter:{provider}", -400L, "refund", refundedAt.UtcDateTime),
                    }
                )
            );
            Assert.That(second, Is.EquivalentTo(first), "a second run adds nothing");
        });
        Assert.That(
            await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM accounts WHERE provider_id = @provider AND kind IN ('family', 'counter')",
                new { provider }
            ),
            Is.EqualTo(2)
        );
    }

    private static async Task<List<(Guid, string, long, string, DateTime)>> PostingsAsync(
        Npgsql.NpgsqlConnection connection,
        Guid purchaseId
    ) =>
        (
            await connection.QueryAsync<(Guid, string, long, string, DateTime)>(
                """
                SELECT transaction_id, account_id, amount_fen, kind, booked_at FROM postings
                 WHERE purchase_id = @purchaseId ORDER BY posting_id
                """,
                new { purchaseId }
            )
        ).AsList();
}
