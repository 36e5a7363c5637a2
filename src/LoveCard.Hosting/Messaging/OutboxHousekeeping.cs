using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Observability;
using LoveCard.Hosting.Telemetry;
using Npgsql;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The <see cref="OutboxRelay"/>'s chores between rounds: the backlog gauges (no query while the last
/// round found nothing pending) and deleting rows sent a day ago and inbox ids a week old.
/// </summary>
internal sealed class OutboxHousekeeping(NpgsqlDataSource dataSource, DatabaseOptions options)
{
    private const long LargeBacklog = 10_000;
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;
    private DateTimeOffset _lastMetrics = DateTimeOffset.MinValue;
    private DateTimeOffset _lastCount = DateTimeOffset.MinValue;
    private long _lastBacklog;

    public async Task RunAsync(bool empty, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        if (empty)
        {
            // The round just found nothing pending: the backlog is zero, no query needed (an idle
            // relay asked the database for it every 2 s before, issue 20's idle cost).
            _lastBacklog = 0;
            SetOutboxGauges(0, 0);
        }
        else if (now - _lastMetrics > TimeSpan.FromSeconds(2))
        {
            _lastMetrics = now;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            // The oldest pending row through the pending index (cheap at any backlog); the count visits
            // every pending row, so under a large backlog (a roster import's millions of events) it is
            // taken every 30 s instead of every 2 s.
            var oldest = await connection.ExecuteScalarAsync<double?>(
                new CommandDefinition(
                    """
                    SELECT extract(epoch FROM now() - created_at)::float8 FROM outbox WHERE sent_at IS NULL ORDER BY id
                        LIMIT 1
                    """,
                    cancellationToken: ct
                )
            );
            if (oldest is null)
            {
                _lastBacklog = 0;
            }
            else if (_lastBacklog < LargeBacklog || now - _lastCount > TimeSpan.FromSeconds(30))
            {
                _lastCount = now;
                _lastBacklog = await connection.ExecuteScalarAsync<long>(
                    new CommandDefinition("SELECT count(*) FROM outbox WHERE sent_at IS NULL", cancellationToken: ct)
                );
            }

            SetOutboxGauges(_lastBacklog, oldest ?? 0);
        }

        if (now - _lastCleanup > TimeSpan.FromMinutes(10))
        {
            _lastCleanup = now;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            // Sent rows are kept a day for inspection; inbox ids a week, far longer than any redelivery.
            await connection.ExecuteAsync(
                new CommandDefinition(
                    """
                    DELETE FROM outbox WHERE sent_at < now() - interval '1 day';
                    DELETE FROM inbox WHERE received_at < now() - interval '7 days';
                    """,
                    cancellationToken: ct
                )
            );
        }
    }

    private void SetOutboxGauges(long backlog, double oldestSeconds)
    {
        LoveCardMetrics.OutboxBacklog.WithLabels(options.Schema).Set(backlog);
        LoveCardMetrics.OutboxOldestAge.WithLabels(options.Schema).Set(oldestSeconds);
        PlatformMeter.OutboxObserved(options.Schema, backlog, oldestSeconds);
    }
}
