using Dapper;
using LoveCard.Contracts;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Recoveries;

/// <summary>
/// Books an approved recovery (DOMAIN.md §8): per purchase, everything the provider still holds of the
/// subsidy (each source's paid less what it got back by void, refund or earlier recovery) goes back to the
/// source's fund of the elder's home county, off the provider's payable. The family's money is never taken.
/// Taking the whole remainder needs no rounding: each source gets exactly its remainder, as the refund rule
/// gives when all that remains is refunded. Locks in the purchase path's order: purchases (by id), then the
/// cap rows (by elder and month), then fund shards, so a recovery and a purchase cannot deadlock on a cap.
/// </summary>
public static class RecoveryBooking
{
    private sealed class Line
    {
        public Guid PurchaseId { get; init; }

        public Guid LineId { get; init; }

        public Guid ProviderId { get; init; }

        public Guid? ElderId { get; init; }

        public string HomeCounty { get; init; } = "";

        public string? VillageCode { get; init; }

        public DateOnly? CapMonth { get; init; }

        public long FiscalFen { get; init; }

        public long CollectiveFen { get; init; }

        public long CharityFen { get; init; }

        public SourceAmounts Amounts => new(FiscalFen, CollectiveFen, CharityFen, 0);

        public string[] Funds =>
            [
                Accounts.Fund(HomeCounty, FundSources.Fiscal, null),
                Accounts.Fund(HomeCounty, FundSources.Collective, VillageCode ?? "none"),
                Accounts.Fund(HomeCounty, FundSources.Charity, null),
            ];
    }

    /// <summary>Books every line of <paramref name="recoveryId"/>; answers the total per source.</summary>
    public static async Task<SourceAmounts> BookAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid recoveryId,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        const string read = """
            SELECT p.purchase_id, l.line_id, p.provider_id, p.elder_id, p.home_county, p.village_code, p.cap_month,
                   p.fiscal_fen - p.fiscal_back_fen AS fiscal_fen, p.collective_fen - p.collective_back_fen AS
                       collective_fen,
                   p.charity_fen - p.charity_back_fen AS charity_fen
              FROM recovery_lines l JOIN purchases p ON p.purchase_id = l.purchase_id
             WHERE l.recovery_id = @recoveryId
             ORDER BY p.purchase_id
               FOR UPDATE OF p
            """;
        var lines = (
            await connection.QueryAsync<Line>(
                new CommandDefinition(read, new { recoveryId }, transaction, cancellationToken: ct)
            )
        ).AsList();

        // What a source gets back restores the cap of the booking month, as a refund does (DOMAIN.md §3); for a
        // month already over that changes nothing anyone can spend, so "only while the month is open" holds.
        const string caps = """
            UPDATE cap_usage SET fiscal_used_fen = GREATEST(0, fiscal_used_fen - @FiscalFen),
                collective_used_fen = GREATEST(0, collective_used_fen - @CollectiveFen),
                charity_used_fen = GREATEST(0, charity_used_fen - @CharityFen)
             WHERE elder_id = @ElderId AND month = @CapMonth
            """;
        foreach (
            var line in lines
                .Where(l => l.Amounts.SubsidyFen > 0 && l.ElderId is not null)
                .OrderBy(l => l.ElderId)
                .ThenBy(l => l.CapMonth)
        )
        {
            await connection.ExecuteAsync(new CommandDefinition(caps, line, transaction, cancellationToken: ct));
        }

        const string book = """
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
            SELECT @LineId, p.account_id, p.amount_fen, 'recovery', @PurchaseId, @BookedAt
              FROM unnest(@Accounts, @Amounts) AS p (account_id, amount_fen)
             WHERE p.amount_fen <> 0;
            UPDATE purchases SET fiscal_back_fen = fiscal_back_fen + @FiscalFen,
                   collective_back_fen = collective_back_fen + @CollectiveFen, charity_back_fen = charity_back_fen +
                       @CharityFen
             WHERE purchase_id = @PurchaseId;
            UPDATE recovery_lines SET amount_fen = @SubsidyFen, fiscal_fen = @FiscalFen, collective_fen =
                @CollectiveFen,
                   charity_fen = @CharityFen, booked_at = @BookedAt
             WHERE recovery_id = @RecoveryId AND purchase_id = @PurchaseId;
            """;
        var total = SourceAmounts.Zero;
        foreach (var line in lines)
        {
            var amounts = line.Amounts;
            var funds = line.Funds;
            await connection.ExecuteAsync(
                new CommandDefinition(
                    book,
                    new
                    {
                        line.LineId,
                        line.PurchaseId,
                        RecoveryId = recoveryId,
                        BookedAt = now.UtcDateTime,
                        Accounts = new[] { funds[0], funds[1], funds[2], Accounts.Payable(line.ProviderId) },
                        Amounts = new[]
                        {
                            amounts.FiscalFen,
                            amounts.CollectiveFen,
                            amounts.CharityFen,
                            -amounts.SubsidyFen,
                        },
                        amounts.FiscalFen,
                        amounts.CollectiveFen,
                        amounts.CharityFen,
                        amounts.SubsidyFen,
                    },
                    transaction,
                    cancellationToken: ct
                )
            );
            total = total.Plus(amounts);
        }

        // One credit per fund account, in account order, after every cap: fewer shard locks held for less time.
        // An upsert, so the money lands even on a shard row the fund does not have yet (the balance is the sum).
        var credits = lines
            .SelectMany(l => l.Funds.Zip([l.FiscalFen, l.CollectiveFen, l.CharityFen]))
            .Where(c => c.Second > 0)
            .GroupBy(c => c.First, c => c.Second)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        const string credit = """
            INSERT INTO fund_shards (account_id, shard, balance_fen) VALUES (@account, @shard, @amount)
            ON CONFLICT (account_id, shard) DO UPDATE SET balance_fen = fund_shards.balance_fen + excluded.balance_fen
            """;
        var shard = Accounts.PickShard();
        foreach (var fund in credits)
        {
            await connection.ExecuteAsync(
                new CommandDefinition(
                    credit,
                    new
                    {
                        account = fund.Key,
                        shard,
                        amount = fund.Sum(),
                    },
                    transaction,
                    cancellationToken: ct
                )
            );
        }

        return total;
    }
}
