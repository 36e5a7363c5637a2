using Dapper;
using LoveCard.Hosting.Jobs;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// Every minute, the supervision rules over purchases booked since the last run. The high-water
/// mark is the latest booking time seen (not the clock), and each run looks again a little before
/// it, because a purchase's transaction may commit after a later-booked one; the anomalies' dedup
/// keys make the overlap harmless.
/// </summary>
public sealed class AnomalyScanJob(NpgsqlDataSource dataSource, AnomalyScanner scanner) : IScheduledJob
{
    public const string JobName = "supervision-anomaly-scan";

    /// <summary>How far before the mark a run looks again, for transactions in flight at the last run.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    /// <summary>Where the first run starts.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromDays(1);

    public string Name => JobName;

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromMinutes(1));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var mark = await connection.ExecuteScalarAsync<DateTime?>(
            new CommandDefinition(
                "SELECT booked_upto FROM anomaly_scan_marks WHERE scanner = 'purchases' FOR UPDATE",
                transaction: transaction,
                cancellationToken: ct
            )
        );
        var from = mark is null
            ? now - FirstLookBack
            : new DateTimeOffset(DateTime.SpecifyKind(mark.Value, DateTimeKind.Utc)) - Overlap;
        var latest = await connection.ExecuteScalarAsync<DateTime?>(
            new CommandDefinition(
                "SELECT max(booked_at) FROM purchases WHERE booked_at >= @from",
                new { from = from.UtcDateTime },
                transaction,
                cancellationToken: ct
            )
        );
        if (latest is null)
        {
            await transaction.CommitAsync(ct);
            return;
        }

        var upto = new DateTimeOffset(DateTime.SpecifyKind(latest.Value, DateTimeKind.Utc));
        await scanner.ScanAsync(connection, transaction, from, upto.AddTicks(10), ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO anomaly_scan_marks (scanner, booked_upto) VALUES ('purchases', @upto)
                ON CONFLICT (scanner) DO UPDATE SET booked_upto = greatest(anomaly_scan_marks.booked_upto,
                    excluded.booked_upto)
                """,
                new { upto = upto.UtcDateTime },
                transaction,
                cancellationToken: ct
            )
        );
        await transaction.CommitAsync(ct);
    }
}
