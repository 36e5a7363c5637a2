using System.Text.Json;
using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Observability;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Publishes pending outbox rows through MassTransit with publisher confirms and marks them sent.
/// <list type="bullet">
/// <item>One relay per schema at a time (a session advisory lock), so events of one aggregate
/// leave in the order they were written; other instances stand by.</item>
/// <item>Woken in process when an event is written and when its writer committed (<see cref="OutboxSignal"/>,
/// level-triggered: a wake during a round is not lost), so an event leaves within milliseconds; polls adaptively
/// (5 ms doubling to 250 ms when idle, 1 s after a quiet minute) for rows written by other processes. No database
/// NOTIFY: it would serialise every writer's commit.</item>
/// <item>Batches, not rows (ADR 0042), when the pace makes them (ADR 0059): after a wake or a round that found
/// less than a full batch it lingers <see cref="Linger"/> so the rows of other writers join the next round, but
/// only while the recent pace (<see cref="RelayPace"/>) brings a few rows within a linger; a lone event leaves at
/// once. The "sent" marks of one round go in the same round trip and transaction as the next round's read, so a
/// round costs one commit.</item>
/// <item>A round reads up to 500 rows, and no more rows after the first <see cref="MaxRoundBytes"/> of bodies
/// (ADR 0051: a roster import's packs are large).</item>
/// <item>Rows of different aggregates are published concurrently, all of a round at once, so their publisher
/// confirms are in flight together (ADR 0047); rows of one aggregate in order, each confirmed before the next,
/// and a failure stops that aggregate's later rows until the next round.</item>
/// <item>While RabbitMQ is down a circuit breaker stops the attempts and the leader backs off with
/// jitter (it stays leader: only a database failure ends its turn); rows stay pending, so nothing is lost. A row
/// published whose "sent" mark was lost is
/// published again with the same MessageId, and the consumers' inbox drops the duplicate.</item>
/// </list>
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    DatabaseOptions options,
    StartupGate gate,
    IBus bus,
    BulkWork bulkWork,
    ILogger<OutboxRelay> logger
) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>
    /// The most body bytes (as stored, so compressed when large) a round reads, the first row always: a round of
    /// roster packs (ADR 0051), hundreds of kilobytes each, stays a few tens of megabytes in memory, not hundreds.
    /// </summary>
    private const long MaxRoundBytes = 4L << 20;
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LockCheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan YieldPause = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the relay lets rows gather before it reads them, once woken or after a round short of a full
    /// batch: an event leaves that much later, and at hundreds of purchases a second a round carries many rows
    /// instead of one (ADR 0042).
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    private readonly OutboxMarks _marks = new();
    private readonly RelayPace _pace = new();
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    private readonly ResiliencePipeline _publishPipeline = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(
            new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(2),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not BrokenCircuitException),
            }
        )
        .AddTimeout(PublishTimeout)
        .Build();

    private readonly OutboxHousekeeping _housekeeping = new(dataSource, options);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);

        var loopBackoff = Resilience.RetryForever(
            e => e is not OperationCanceledException || !stoppingToken.IsCancellationRequested,
            (attempt, error) =>
                logger.LogWarning(
                    "Outbox relay for {Schema} failed (attempt {Attempt}), retrying: {Error}",
                    options.Schema,
                    attempt,
                    error?.Message
                )
        );

        try
        {
            await loopBackoff.ExecuteAsync(RunAsLeaderAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            await FlushMarksAsync();
        }
    }

    private async ValueTask RunAsLeaderAsync(CancellationToken ct)
    {
        // The leader's lock lives on a connection of its own, outside the pool: when this attempt
        // ends (database failure, shutdown) closing it ends the session and so releases the lock at
        // once. A pooled connection would keep the session, and the lock with it, idle in the pool
        // until reused, and the next attempt would stand by behind its own lock.
        var lockConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
        }.ConnectionString;
        await using var lockConnection = new NpgsqlConnection(lockConnectionString);
        await lockConnection.OpenAsync(ct);
        var lockKey = $"lovecard.outbox.{options.Schema}";
        while (
            !await lockConnection.ExecuteScalarAsync<bool>(
                new CommandDefinition(
                    "SELECT pg_try_advisory_lock(hashtext(@lockKey))",
                    new { lockKey },
                    cancellationToken: ct
                )
            )
        )
        {
            // Another instance relays this schema; stand by and take over if it goes away.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        logger.LogInformation("Outbox relay for schema {Schema} started", options.Schema);

        var failedRounds = 0;
        var emptyRounds = 0;
        var lockCheckedAt = DateTimeOffset.UtcNow;
        var yielding = false;

        async Task CheckLockAsync()
        {
            if (DateTimeOffset.UtcNow - lockCheckedAt > LockCheckInterval)
            {
                // The lock is only as good as its session: if that connection died, another instance
                // may lead now, so end this turn (the query throws) rather than relay beside it.
                await lockConnection.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: ct));
                lockCheckedAt = DateTimeOffset.UtcNow;
            }
        }

        while (!ct.IsCancellationRequested)
        {
            if (bulkWork.RelayShouldYield)
            {
                // A roster import runs in this process: publish its events after it (ADR 0008).
                if (!yielding)
                {
                    logger.LogInformation(
                        "Outbox relay for {Schema} waits for bulk work of this process to finish",
                        options.Schema
                    );
                    yielding = true;
                }

                await CheckLockAsync();
                await _housekeeping.RunAsync(empty: false, ct);
                await Task.Delay(YieldPause, ct);
                continue;
            }

            if (yielding)
            {
                logger.LogInformation("Outbox relay for {Schema} publishing again after bulk work", options.Schema);
                yielding = false;
            }

            // Taken before the read: a writer that raises the signal while this round reads or publishes wakes the
            // wait below at once, whether or not the round saw its row.
            var seen = OutboxSignal.Version;
            var outcome = await RelayBatchAsync(ct);
            await _housekeeping.RunAsync(outcome.Empty, ct);
            if (outcome.Failed)
            {
                // The broker is away (or refused a message). Stay leader, since the database is fine,
                // and try again after a growing pause; the rows stay pending meanwhile.
                failedRounds++;
                var pause = RelayPauses.AfterFailure(failedRounds);
                logger.LogWarning(
                    "Outbox relay for {Schema} could not publish (round {Round}), next try in {PauseMs} ms: {Error}",
                    options.Schema,
                    failedRounds,
                    (int)pause.TotalMilliseconds,
                    outcome.Error
                );
                await Task.Delay(pause, ct);
                continue;
            }

            if (failedRounds > 0)
            {
                logger.LogInformation(
                    "Outbox relay for {Schema} publishing again after {Rounds} failed rounds",
                    options.Schema,
                    failedRounds
                );
                failedRounds = 0;
            }

            await CheckLockAsync();

            if (outcome.Published > 0)
            {
                // Busy: look again at once if the batch was full, else, when the pace makes it worth it, after the
                // linger, so the next round carries what committed meanwhile (and this round's marks) in one read.
                emptyRounds = 0;
                _pace.Published(outcome.Published, Now());
                if (outcome.Published < BatchSize && _pace.WorthLingering(Linger, Now()))
                {
                    await Task.Delay(Linger, ct);
                }

                continue;
            }

            // Idle: wait for a write in this process or the adaptive poll. A writer raises the
            // signal before it commits, so the first look after a wake may find nothing yet; the
            // commit's own signal (Outbox.Committed), or else the pause, which starts small (5 ms)
            // and doubles to 250 ms, brings the next look.
            emptyRounds++;
            if (await OutboxSignal.WaitAsync(seen, RelayPauses.Idle(emptyRounds), ct))
            {
                // At a pace that fills rounds, let the writer commit and others write too; else read at once.
                emptyRounds = 0;
                if (_pace.WorthLingering(Linger, Now()))
                {
                    await Task.Delay(Linger, ct);
                }
            }
        }
    }

    private TimeSpan Now() => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    /// <summary>Publishes one batch of pending rows; returns how many were published.</summary>
    public async Task<BatchOutcome> RelayBatchAsync(CancellationToken ct)
    {
        // The last round's marks first, in the same implicit transaction, so the read does not see those rows.
        List<OutboxRow> rows;
        var (sql, parameters) = _marks.Before(
            """
            SELECT id, message_id, message_type, aggregate_id, body::text AS body, correlation_id,
                   trace_parent, created_at
            FROM (
                SELECT id, message_id, message_type, aggregate_id, body, correlation_id, trace_parent, created_at,
                       sum(pg_column_size(body)) OVER (ORDER BY id) - pg_column_size(body) AS stored_before
                FROM outbox
                WHERE sent_at IS NULL
                ORDER BY id
                LIMIT @BatchSize
            ) pending
            WHERE stored_before < @MaxRoundBytes
            ORDER BY id
            """,
            new { BatchSize, MaxRoundBytes }
        );
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            rows = (
                await connection.QueryAsync<OutboxRow>(new CommandDefinition(sql, parameters, cancellationToken: ct))
            ).AsList();
        }

        _marks.Written();
        if (rows.Count == 0)
        {
            return new BatchOutcome(0, false, null, Empty: true);
        }

        // Every aggregate's rows at once: each publish waits for its own confirm, so a whole round's confirms are
        // in flight together (ADR 0047), while the rows of one aggregate still leave one after the other, each
        // confirmed before the next is sent, and a failure holds back that aggregate's later rows. The rows are
        // marked sent at the time their publishing began (ADR 0059: R4 reads each hop from these times).
        var publishedAt = DateTimeOffset.UtcNow;
        var sent = new List<long>(rows.Count);
        var failed = new List<(long Id, string Error)>();
        await Task.WhenAll(
            rows.GroupBy(r => r.AggregateId).Select(group => PublishInOrderAsync(group, sent, failed, ct))
        );

        _marks.Hold(
            sent.ToArray(),
            publishedAt,
            failed.Select(f => f.Id).ToArray(),
            failed.Count > 0 ? failed[0].Error : ""
        );
        if (failed.Count > 0)
        {
            // The relay pauses after a failure: mark now rather than after the pause.
            await FlushMarksAsync();
        }

        LoveCardMetrics.OutboxPublished.WithLabels(options.Schema).Inc(sent.Count);
        return new BatchOutcome(sent.Count, failed.Count > 0, failed.Count > 0 ? failed[0].Error : null);
    }

    /// <summary>Writes the marks still held (on stopping, or before a pause after a failure).</summary>
    public async Task FlushMarksAsync()
    {
        try
        {
            await _marks.FlushAsync(dataSource);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Left for the next read to mark; if there is none, the rows go out again and the inboxes drop them.
            logger.LogWarning("Outbox relay for {Schema} could not mark rows sent: {Error}", options.Schema, e.Message);
        }
    }

    private async Task PublishInOrderAsync(
        IEnumerable<OutboxRow> rows,
        List<long> sent,
        List<(long Id, string Error)> failed,
        CancellationToken ct
    )
    {
        // Off the caller's thread at once, so the publishes of all aggregates start without waiting on each other.
        await Task.Yield();
        foreach (var row in rows)
        {
            try
            {
                await _publishPipeline.ExecuteAsync(async t => await PublishAsync(row, t), ct);
                lock (sent)
                {
                    sent.Add(row.Id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                lock (sent)
                {
                    failed.Add((row.Id, e.Message));
                }

                // Later events of this aggregate must not overtake this one.
                return;
            }
        }
    }

    private async Task PublishAsync(OutboxRow row, CancellationToken ct)
    {
        var type = Outbox.ResolveType(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)!;
        // The publish joins the trace of the work that wrote the row (ADR 0028): MassTransit's send
        // span is a child of this one and carries the trace to every consumer.
        using var activity = row.StartPublishActivity();
        // WaitAsync, not only the cancellation token: a publish caught by a broker restart can wait
        // for a confirm that never comes without honouring cancellation (seen in fault test F1), and
        // the relay must not hang on it. An abandoned publish leaves the row pending; if it did reach
        // the broker, the resend carries the same MessageId and the consumers' inbox drops it.
        await bus.Publish(
                message,
                type,
                context =>
                {
                    context.MessageId = row.MessageId;
                    context.CorrelationId = row.CorrelationId ?? row.MessageId;
                    context.Durable = true;
                },
                ct
            )
            .WaitAsync(PublishTimeout, ct);
    }

    /// <param name="Empty">Nothing was pending: the backlog is known to be zero without counting it.</param>
    public sealed record BatchOutcome(int Published, bool Failed, string? Error, bool Empty = false);
}
