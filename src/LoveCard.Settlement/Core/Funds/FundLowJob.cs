using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.Core.ReadModels;
using Npgsql;

namespace LoveCard.Settlement.Core.Funds;

/// <summary>
/// Raises <see cref="FundLow"/> when a fund holds less than the county's lowFundAlertDays (default 7)
/// times its average daily spending over the last 7 days (DOMAIN.md §3); at most once a day per fund.
/// </summary>
public sealed class FundLowJob(NpgsqlDataSource dataSource) : IScheduledJob
{
    public const int WindowDays = 7;

    public string Name => "fund-low";

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromHours(1));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        // Spending is what purchases drew net of what voids and refunds gave back.
        const string sql = """
            SELECT a.account_id, a.county, a.source, a.village_code,
                   (SELECT coalesce(sum(s.balance_fen), 0)::bigint FROM fund_shards s WHERE s.account_id = a.account_id)
                       AS balance_fen,
                   (SELECT coalesce(-sum(p.amount_fen), 0)::bigint FROM postings p
                     WHERE p.account_id = a.account_id AND p.kind IN ('purchase', 'void', 'refund') AND p.booked_at >
                         @since) AS spent_fen,
                   coalesce(cs.low_fund_alert_days, @defaultDays) AS alert_days
              FROM accounts a LEFT JOIN rm_county_settings cs ON cs.county = a.county
             WHERE a.kind = 'fund'
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var funds = (
            await connection.QueryAsync<FundRow>(
                new CommandDefinition(
                    sql,
                    new
                    {
                        since = (now - TimeSpan.FromDays(WindowDays)).UtcDateTime,
                        defaultDays = PolicyDefaults.LowFundAlertDays,
                    },
                    cancellationToken: ct
                )
            )
        ).AsList();
        var today = Shanghai.Today(now);
        foreach (var fund in funds)
        {
            var averageFen = fund.SpentFen / WindowDays;
            if (averageFen <= 0 || fund.BalanceFen >= fund.AlertDays * averageFen)
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(ct);
            var version = await connection.ExecuteScalarAsync<long?>(
                new CommandDefinition(
                    """
                    INSERT INTO fund_low_alerts (account_id, alert_day) VALUES (@AccountId, @today) ON CONFLICT DO
                        NOTHING
                    RETURNING (SELECT count(*) + 1 FROM fund_low_alerts WHERE account_id = @AccountId)
                    """,
                    new { fund.AccountId, today },
                    transaction,
                    cancellationToken: ct
                )
            );
            if (version is null)
            {
                continue; // raised today already
            }

            await Outbox.AddAsync(
                connection,
                transaction,
                new FundLow
                {
                    AggregateId = fund.AccountId,
                    AggregateVersion = version.Value,
                    Actor = Actor.Job(Name),
                    Reason = $"less than {fund.AlertDays} days of spending left",
                    OccurredAt = now,
                    County = fund.County,
                    Source = fund.Source,
                    VillageCode = fund.VillageCode,
                    BalanceFen = fund.BalanceFen,
                    AverageDailySpendFen = averageFen,
                    DaysLeft = Math.Round((decimal)fund.BalanceFen / averageFen, 2),
                },
                ct
            );
            await transaction.CommitAsync(ct);
        }
    }

    private sealed class FundRow
    {
        public string AccountId { get; init; } = "";

        public string County { get; init; } = "";

        public string Source { get; init; } = "";

        public string? VillageCode { get; init; }

        public long BalanceFen { get; init; }

        public long SpentFen { get; init; }

        public int AlertDays { get; init; }
    }
}
