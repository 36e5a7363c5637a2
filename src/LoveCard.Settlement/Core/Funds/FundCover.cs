using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Settlement.Core.Funds;

/// <summary>
/// Days of cover per county and fund source for the <c>lovecard.fund.days_of_cover</c> gauge, read
/// when metrics are collected (a scrape, an OTLP export), never on a timer. Cheap by design: the
/// balances (a few shard rows per fund) are read at most every 30 s; the week's spending, which
/// visits a week of postings, at most every 15 minutes, since it moves slowly. The same spending as
/// <see cref="FundLowJob"/>: purchases net of voids and refunds.
/// </summary>
public sealed class FundCover(NpgsqlDataSource dataSource, TimeProvider time, ILogger<FundCover> logger)
{
    private static readonly TimeSpan BalancesFresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SpendingFresh = TimeSpan.FromMinutes(15);

    private readonly Lock _lock = new();
    private Dictionary<(string County, string Source), long> _balances = [];
    private Dictionary<(string County, string Source), long> _spent = [];
    private DateTimeOffset _balancesAt = DateTimeOffset.MinValue;
    private DateTimeOffset _spentAt = DateTimeOffset.MinValue;

    /// <summary>The gauge's callback (synchronous, as observable instruments are).</summary>
    public IEnumerable<Measurement<double>> Observe()
    {
        lock (_lock)
        {
            try
            {
                Refresh();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is away: report what was last known rather than fail the scrape.
                logger.LogDebug("Days of cover not refreshed: {Error}", e.Message);
            }

            var measurements = new List<Measurement<double>>(_balances.Count);
            foreach (var ((county, source), balanceFen) in _balances)
            {
                if (_spent.TryGetValue((county, source), out var spentFen) && spentFen > 0)
                {
                    measurements.Add(
                        new Measurement<double>(
                            Math.Round(balanceFen / (spentFen / (double)FundLowJob.WindowDays), 2),
                            new KeyValuePair<string, object?>("county", county),
                            new KeyValuePair<string, object?>("source", source)
                        )
                    );
                }
            }

            return measurements;
        }
    }

    private void Refresh()
    {
        var now = time.GetUtcNow();
        if (now - _balancesAt < BalancesFresh)
        {
            return;
        }

        using var connection = dataSource.OpenConnection();
        _balances = Read(
            connection,
            """
            SELECT a.county, a.source, coalesce(sum(s.balance_fen), 0)::bigint AS fen
              FROM accounts a JOIN fund_shards s ON s.account_id = a.account_id
             WHERE a.kind = 'fund'
             GROUP BY a.county, a.source
            """,
            null
        );
        _balancesAt = now;
        if (now - _spentAt >= SpendingFresh)
        {
            _spent = Read(
                connection,
                """
                SELECT a.county, a.source, coalesce(-sum(p.amount_fen), 0)::bigint AS fen
                  FROM accounts a JOIN postings p ON p.account_id = a.account_id
                 WHERE a.kind = 'fund' AND p.kind IN ('purchase', 'void', 'refund') AND p.booked_at > @since
                 GROUP BY a.county, a.source
                """,
                new { since = (now - TimeSpan.FromDays(FundLowJob.WindowDays)).UtcDateTime }
            );
            _spentAt = now;
        }
    }

    private static Dictionary<(string, string), long> Read(NpgsqlConnection connection, string sql, object? args)
    {
        var command = new CommandDefinition(sql, args, commandTimeout: 10);
        return connection
            .Query<(string County, string? Source, long Fen)>(command)
            .ToDictionary(r => (r.County, r.Source ?? ""), r => r.Fen);
    }
}
