using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.BackOffice.Statements;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>
/// Clearing (结算, DOMAIN.md §5): closing a county's month computes, from the ledger's postings booked
/// in that month (purchases, voids, refunds, dispute corrections), what each of the county's funds
/// owes each provider, the payouts to the county's own providers, and the net with every other
/// county (each home county's funds pay for its elders; a provider is paid through its county).
/// The close runs only once the month is over (plus a grace for transactions in flight), under a
/// per-county-month advisory lock, and is kept: closing again answers what the first close stored.
/// </summary>
public sealed class ClearingStore(NpgsqlDataSource dataSource, TimeProvider time, IConfiguration configuration)
{
    private sealed class Flow
    {
        public string FundCounty { get; init; } = "";

        public string Source { get; init; } = "";

        public string VillageCode { get; init; } = "";

        public Guid ProviderId { get; init; }

        public string ProviderCounty { get; init; } = "";

        public long AmountFen { get; init; }
    }

    /// <summary>
    /// Every subsidised fen of the period from fund to provider: a transaction's fund postings paired
    /// with its payable posting (a purchase, reversal or correction has exactly one payable). The
    /// fund's county, source and village are read from its account id (<c>fund:{county}:{source}[:{village}]</c>).
    /// </summary>
    private const string FlowsSql = """
        WITH tx AS (
            SELECT transaction_id, account_id, amount_fen FROM postings
             WHERE booked_at >= @From AND booked_at < @To AND kind IN ('purchase', 'void', 'refund', 'correction',
                 'recovery')
        ), payee AS (
            SELECT DISTINCT ON (transaction_id) transaction_id, substr(account_id, 9)::uuid AS provider_id, account_id
              FROM tx WHERE account_id LIKE 'payable:%'
        )
        SELECT split_part(f.account_id, ':', 2) AS fund_county, split_part(f.account_id, ':', 3) AS source,
               split_part(f.account_id, ':', 4) AS village_code, pa.provider_id,
               coalesce(a.county, rp.county, '') AS provider_county, -sum(f.amount_fen)::bigint AS amount_fen
          FROM tx f
          JOIN payee pa ON pa.transaction_id = f.transaction_id
          LEFT JOIN accounts a ON a.account_id = pa.account_id
          LEFT JOIN rm_providers rp ON rp.provider_id = pa.provider_id
         WHERE f.account_id LIKE 'fund:%'
           AND (split_part(f.account_id, ':', 2) = @County OR coalesce(a.county, rp.county) = @County)
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(f.amount_fen) <> 0
        """;

    private TimeSpan Grace => TimeSpan.FromSeconds(configuration.GetValue("BackOffice:CloseGraceSeconds", 120));

    public async Task<(ClearingResult Result, bool Created)> CloseAsync(
        Caller caller,
        string county,
        StatementPeriod period,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        if (now < period.To + Grace)
        {
            throw new RuleViolationException(
                "period_not_ended",
                $"{period.Label} can be closed from "
                    + $"{(period.To + Grace).ToOffset(LoveCard.Hosting.Shanghai.Offset):yyyy-MM-dd HH:mm} "
                    + $"(Asia/Shanghai), once its purchases are all booked.",
                "period"
            );
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Two closes of the same county and month queue here; the second then finds the first's result.
        await connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended('clearing:' || @county || ':' || @period, 0))",
                new { county, period = period.Label },
                transaction,
                cancellationToken: ct
            )
        );
        var existing = await LoadAsync(connection, transaction, county, period.Label, ct);
        if (existing is not null)
        {
            await transaction.CommitAsync(ct);
            return (existing, false);
        }

        var flows = (
            await connection.QueryAsync<Flow>(
                new CommandDefinition(
                    FlowsSql,
                    new
                    {
                        From = period.From.UtcDateTime,
                        To = period.To.UtcDateTime,
                        County = county,
                    },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).AsList();

        var obligations = flows.Where(f => f.FundCounty == county).ToArray();
        var payouts = flows
            .Where(f => f.ProviderCounty == county)
            .GroupBy(f => f.ProviderId)
            .Select(g => new
            {
                ProviderId = g.Key,
                FiscalFen = g.Where(f => f.Source == FundSources.Fiscal).Sum(f => f.AmountFen),
                CollectiveFen = g.Where(f => f.Source == FundSources.Collective).Sum(f => f.AmountFen),
                CharityFen = g.Where(f => f.Source == FundSources.Charity).Sum(f => f.AmountFen),
                AmountFen = g.Sum(f => f.AmountFen),
            })
            .Where(p => p.AmountFen != 0)
            .ToArray();
        var nets = flows
            .Where(f => f.FundCounty != f.ProviderCounty)
            .Select(f =>
                f.FundCounty == county
                    ? (Other: f.ProviderCounty, To: f.AmountFen, By: 0L)
                    : (Other: f.FundCounty, To: 0L, By: f.AmountFen)
            )
            .GroupBy(x => x.Other)
            .Select(g => new
            {
                Counterparty = g.Key,
                OwedTo = g.Sum(x => x.To),
                OwedBy = g.Sum(x => x.By),
                Net = g.Sum(x => x.To) - g.Sum(x => x.By),
            })
            .ToArray();
        var total = obligations.Sum(o => o.AmountFen);

        const string insert = """
            INSERT INTO clearing_periods (county, period, period_start, period_end, total_subsidy_fen, payout_count,
                closed_by, closed_at)
            VALUES (@County, @Period, @From, @To, @Total, @PayoutCount, @ClosedBy, @Now);
            INSERT INTO clearing_obligations (county, period, source, village_code, provider_id, provider_county,
                amount_fen)
            SELECT @County, @Period, o.source, o.village_code, o.provider_id, o.provider_county, o.amount_fen
              FROM unnest(@OSource, @OVillage, @OProvider, @OProviderCounty, @OAmount) AS o (source, village_code,
                  provider_id, provider_county, amount_fen);
            INSERT INTO clearing_payouts (county, period, provider_id, fiscal_fen, collective_fen, charity_fen,
                amount_fen, status)
            SELECT @County, @Period, p.provider_id, p.fiscal_fen, p.collective_fen, p.charity_fen, p.amount_fen,
                'instructed'
              FROM unnest(@PProvider, @PFiscal, @PCollective, @PCharity, @PAmount) AS p (provider_id, fiscal_fen,
                  collective_fen, charity_fen, amount_fen);
            INSERT INTO clearing_nets (county, period, counterparty_county, owed_to_fen, owed_by_fen, net_fen)
            SELECT @County, @Period, n.counterparty, n.owed_to, n.owed_by, n.net
              FROM unnest(@NCounty, @NOwedTo, @NOwedBy, @NNet) AS n (counterparty, owed_to, owed_by, net);
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                insert,
                new
                {
                    County = county,
                    Period = period.Label,
                    From = period.From.UtcDateTime,
                    To = period.To.UtcDateTime,
                    Total = total,
                    PayoutCount = payouts.Length,
                    ClosedBy = caller.Subject,
                    Now = now.UtcDateTime,
                    OSource = obligations.Select(o => o.Source).ToArray(),
                    OVillage = obligations.Select(o => o.VillageCode).ToArray(),
                    OProvider = obligations.Select(o => o.ProviderId).ToArray(),
                    OProviderCounty = obligations.Select(o => o.ProviderCounty).ToArray(),
                    OAmount = obligations.Select(o => o.AmountFen).ToArray(),
                    PProvider = payouts.Select(p => p.ProviderId).ToArray(),
                    PFiscal = payouts.Select(p => p.FiscalFen).ToArray(),
                    PCollective = payouts.Select(p => p.CollectiveFen).ToArray(),
                    PCharity = payouts.Select(p => p.CharityFen).ToArray(),
                    PAmount = payouts.Select(p => p.AmountFen).ToArray(),
                    NCounty = nets.Select(n => n.Counterparty).ToArray(),
                    NOwedTo = nets.Select(n => n.OwedTo).ToArray(),
                    NOwedBy = nets.Select(n => n.OwedBy).ToArray(),
                    NNet = nets.Select(n => n.Net).ToArray(),
                },
                transaction,
                cancellationToken: ct
            )
        );

        await BudgetLines.ClearingFiscalLines.CloseAsync(
            connection,
            transaction,
            county,
            period.Label,
            period.From,
            period.To,
            ct
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new PeriodClosed
            {
                AggregateId = $"period:{county}:{period.Label}",
                AggregateVersion = 1,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = "period closed",
                OccurredAt = now,
                County = county,
                Period = period.Label,
                TotalSubsidyFen = total,
                PayoutCount = payouts.Length,
            },
            ct
        );

        var result = (await LoadAsync(connection, transaction, county, period.Label, ct))!;
        await transaction.CommitAsync(ct);
        return (result, true);
    }

    public async Task<ClearingResult?> GetAsync(string county, string period, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await LoadAsync(connection, null, county, period, ct);
    }

    private static async Task<ClearingResult?> LoadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string county,
        string period,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT * FROM clearing_periods WHERE county = @county AND period = @period;
            SELECT provider_id, fiscal_fen, collective_fen, charity_fen, amount_fen, status, status_note, status_by,
                status_at, bank_reference, paid_on
              FROM clearing_payouts WHERE county = @county AND period = @period ORDER BY provider_id;
            SELECT source, village_code, provider_id, provider_county, amount_fen
              FROM clearing_obligations WHERE county = @county AND period = @period ORDER BY source, village_code,
                  provider_id;
            SELECT counterparty_county, owed_to_fen, owed_by_fen, net_fen
              FROM clearing_nets WHERE county = @county AND period = @period ORDER BY counterparty_county;
            """;
        await using var multi = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, new { county, period }, transaction, cancellationToken: ct)
        );
        var row = await multi.ReadSingleOrDefaultAsync<ClearingPeriodRow>();
        if (row is null)
        {
            return null;
        }

        var payouts = (await multi.ReadAsync<Payout>()).AsList();
        var obligations = (await multi.ReadAsync<Obligation>()).AsList();
        var nets = (await multi.ReadAsync<CountyNet>()).AsList();
        var fiscalLines = await BudgetLines.ClearingFiscalLines.LoadAsync(connection, transaction, county, period, ct);
        return new ClearingResult(row, payouts.Sum(p => p.AmountFen), payouts, obligations, nets, fiscalLines);
    }

    /// <summary>The bureau records the bank's answer: instructed → paid | failed; a failed payout may be paid on a
    /// retry; paid is final.</summary>
    public async Task<Payout> SetPayoutStatusAsync(
        Caller caller,
        string county,
        string period,
        Guid providerId,
        string status,
        string? note,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE clearing_payouts SET status = @status, status_note = @note, status_by = @by, status_at = @now
             WHERE county = @county AND period = @period AND provider_id = @providerId AND status <> 'paid' AND status
                 <> @status
            RETURNING provider_id, fiscal_fen, collective_fen, charity_fen, amount_fen, status, status_note, status_by,
                status_at, bank_reference, paid_on;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var updated = await connection.QuerySingleOrDefaultAsync<Payout>(
            new CommandDefinition(
                sql,
                new
                {
                    status,
                    note,
                    by = caller.Subject,
                    now = time.GetUtcNow().UtcDateTime,
                    county,
                    period,
                    providerId,
                },
                cancellationToken: ct
            )
        );
        if (updated is not null)
        {
            return updated;
        }

        var current = await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(
                "SELECT status FROM clearing_payouts WHERE county = @county AND period = @period AND provider_id = "
                    + "@providerId",
                new
                {
                    county,
                    period,
                    providerId,
                },
                cancellationToken: ct
            )
        ) ?? throw new NotFoundException("Payout");
        throw new ConflictException(
            "illegal_payout_transition",
            $"The payout is {current}; it cannot become {status}."
        );
    }
}
