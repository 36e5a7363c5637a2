using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// Heals this service's read models by themselves (ADR 0015): every
/// <see cref="ReadModelSyncOptions.ReconcileEverySeconds"/>, for each kind it mirrors, it pages
/// through the source's version watermark, compares it with what each version stream applied, and
/// asks the source again for the state of every aggregate that is behind or missing, past a grace
/// period (a recent change may still be on its way). One instance per schema reconciles at a time.
/// </summary>
public sealed class ReadModelReconciler(
    ReadModelMirror mirror,
    SourceClient sources,
    StateDispatcher dispatcher,
    QueueDepthProbe queues,
    NpgsqlDataSource dataSource,
    DatabaseOptions database,
    StartupGate gate,
    ReadModelSyncOptions options,
    ILogger<ReadModelReconciler> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Read each time: 0 pauses reconciliation (a test that wipes read models on purpose).
                var every = options.ReconcileEverySeconds;
                await Task.Delay(TimeSpan.FromSeconds(every > 0 ? every : 5), stoppingToken);
                if (every > 0 && options.ReconcileEverySeconds > 0)
                {
                    await RunPassAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A source or the database is away: the next pass tries again.
                logger.LogWarning(
                    "Read-model reconciliation failed, next pass in {Seconds} s: {Error}",
                    options.ReconcileEverySeconds,
                    e.Message
                );
            }
        }
    }

    /// <summary>Reconciles every mirrored kind once (unless another instance is doing it); returns what it
    /// found.</summary>
    public async Task<IReadOnlyList<ReconcileOutcome>> RunPassAsync(CancellationToken ct)
    {
        if (mirror.Kinds.Count == 0)
        {
            return [];
        }

        await using var leader = await dataSource.OpenConnectionAsync(ct);
        var lockKey = $"lovecard.read-models.{database.Schema}";
        var take = new CommandDefinition(
            "SELECT pg_try_advisory_lock(hashtext(@lockKey))",
            new { lockKey },
            cancellationToken: ct
        );
        if (!await leader.ExecuteScalarAsync<bool>(take))
        {
            return [];
        }

        try
        {
            var outcomes = new List<ReconcileOutcome>();
            foreach (var kind in mirror.Kinds.Values.OrderBy(k => k.Kind, StringComparer.Ordinal))
            {
                try
                {
                    outcomes.Add(await ReconcileAsync(kind, ct));
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    logger.LogWarning(
                        "Reconciling {Kind} with {Source} failed: {Error}",
                        kind.Kind,
                        kind.Source,
                        e.Message
                    );
                }
            }

            return outcomes;
        }
        finally
        {
            const string release = "SELECT pg_advisory_unlock(hashtext(@lockKey))";
            await leader.ExecuteAsync(new CommandDefinition(release, new { lockKey }));
        }
    }

    private async Task<ReconcileOutcome> ReconcileAsync(MirroredKind kind, CancellationToken ct)
    {
        var deferred = await BacklogAsync(kind, ct) > options.QueueBacklogLimit;
        long aggregates = 0,
            behind = 0,
            repaired = 0;
        var correlation = Guid.NewGuid();
        string? cursor = null;
        do
        {
            var page = await sources.VersionsAsync(kind.Kind, cursor, ct);
            aggregates += page.Items.Count;
            // Only what has left the source's outbox can have been missed; the grace covers the way here.
            var published =
                page.OutboxOldestPendingAt is { } pending && pending < page.SourceNow ? pending : page.SourceNow;
            var cutoff = published - TimeSpan.FromSeconds(options.GraceSeconds);
            var ids = page.Items.Select(i => i.AggregateId).ToArray();
            var applied = await AppliedVersions.ReadAsync(dataSource, kind.Streams, ids, ct);
            var late = page
                .Items.Where(i => i.ChangedAt < cutoff && AppliedVersions.IsBehind(applied, kind.Streams, i))
                .Select(i => i.AggregateId)
                .ToArray();
            behind += late.Length;
            if (late.Length > 0 && !deferred)
            {
                var states = await sources.StatesAsync(kind.Kind, late, ct);
                await dispatcher.DispatchAsync(kind, states, correlation, ct);
                repaired += late.Length;
            }

            cursor = page.Next;
        } while (cursor is not null);

        LoveCardMetrics.ReadModelBehind.WithLabels(kind.Kind).Set(behind);
        LoveCardMetrics.ReadModelRepaired.WithLabels(kind.Kind).Inc(repaired);
        LoveCardMetrics.ReadModelLastReconciled.WithLabels(kind.Kind).Set(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        if (behind > 0)
        {
            var action = deferred
                ? "repairs wait for the queues' backlog"
                : $"asked again for {repaired} (correlation {correlation})";
            logger.LogWarning(
                "Read model {Kind}: {Behind} of {Aggregates} aggregates were behind their source {Source}; {Action}",
                kind.Kind,
                behind,
                aggregates,
                kind.Source,
                action
            );
        }

        return new ReconcileOutcome(kind.Kind, aggregates, behind, repaired, deferred);
    }

    /// <summary>Messages waiting in this kind's read-model queues.</summary>
    internal async Task<long> BacklogAsync(MirroredKind kind, CancellationToken ct)
    {
        long total = 0;
        foreach (var queue in kind.Queues)
        {
            total += await queues.DepthAsync(queue, ct);
        }

        return total;
    }
}
