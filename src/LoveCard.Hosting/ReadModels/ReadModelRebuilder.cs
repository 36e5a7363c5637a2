using Dapper;
using LoveCard.Contracts.ReadModels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// Rebuilds this service's read models from their sources while it runs (ADR 0015,
/// <c>lovecard-ops rebuild &lt;service&gt;</c>): for each kind, page by page, the source sends the
/// current state of every aggregate; each state goes to the read-model consumers marked as
/// republished, so it is applied even at the version already recorded (a wiped table is refilled),
/// while the version check keeps anything newer. The run then waits until every aggregate has been
/// applied again since the rebuild began (asking again for what is still missing), and records
/// the outcome in <c>read_model_rebuilds</c>. Nothing is emptied first: the read models keep
/// answering throughout.
/// </summary>
public sealed class ReadModelRebuilder(
    ReadModelMirror mirror,
    SourceClient sources,
    StateDispatcher dispatcher,
    NpgsqlDataSource dataSource,
    ReadModelSyncOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<ReadModelRebuilder> logger
)
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(60);
    private const int MaxAskAgain = 3;

    public async Task<ReadModelRebuildStatus> StartAsync(RebuildReadModels request, CancellationToken ct)
    {
        var wanted = request.Kinds is { Count: > 0 } k ? k : mirror.Kinds.Keys.ToArray();
        var kinds = wanted.Where(mirror.Kinds.ContainsKey).Order(StringComparer.Ordinal).ToArray();
        var runId = Guid.CreateVersion7();
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(
                new CommandDefinition(
                    """
                    INSERT INTO read_model_rebuilds (run_id, kinds, requested_by, status, started_at, heartbeat_at)
                    VALUES (@runId, @kinds, @requestedBy, 'running', now(), now())
                    """,
                    new
                    {
                        runId,
                        kinds,
                        request.RequestedBy,
                    },
                    cancellationToken: ct
                )
            );
        }

        logger.LogInformation(
            "Read-model rebuild {RunId} of {Kinds} requested by {RequestedBy}",
            runId,
            string.Join(", ", kinds),
            request.RequestedBy
        );
        _ = Task.Run(() => RunAsync(runId, kinds, lifetime.ApplicationStopping), CancellationToken.None);
        return await StatusAsync(runId, ct);
    }

    public async Task<ReadModelRebuildStatus> StatusAsync(Guid runId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var run = await connection.QuerySingleOrDefaultAsync<RunRow>(
            new CommandDefinition(
                """
                SELECT run_id, kinds, status, started_at, finished_at, heartbeat_at, aggregates, republished, pending,
                       detail, heartbeat_at < now() - @heartbeat AS stale
                FROM read_model_rebuilds WHERE run_id = @runId
                """,
                new { runId, heartbeat = Heartbeat },
                cancellationToken: ct
            )
        );
        return run is null
            ? new ReadModelRebuildStatus { RunId = runId, Status = "unknown" }
            : new ReadModelRebuildStatus
            {
                RunId = runId,
                Status = run.Status == "running" && run.Stale ? "interrupted" : run.Status,
                Kinds = run.Kinds,
                StartedAt = run.StartedAt,
                FinishedAt = run.FinishedAt,
                Aggregates = run.Aggregates,
                Republished = run.Republished,
                Pending = run.Pending,
                Detail = run.Detail,
            };
    }

    private async Task RunAsync(Guid runId, IReadOnlyList<string> kinds, CancellationToken ct)
    {
        try
        {
            var started = await ScalarAsync<DateTimeOffset>(
                "SELECT started_at FROM read_model_rebuilds WHERE run_id = @runId",
                new { runId },
                ct
            );
            long aggregates = 0,
                republished = 0;
            foreach (var kind in kinds.Select(k => mirror.Kinds[k]))
            {
                string? cursor = null;
                do
                {
                    var page = await sources.VersionsAsync(kind.Kind, cursor, ct);
                    var ids = page.Items.Select(i => i.AggregateId).ToArray();
                    var states = await sources.StatesAsync(kind.Kind, ids, ct);
                    republished += await dispatcher.DispatchAsync(kind, states, runId, ct);
                    aggregates += page.Items.Count;
                    await ProgressAsync(runId, aggregates, republished, null, ct);
                    cursor = page.Next;
                } while (cursor is not null);
            }

            var pending = await AwaitAppliedAsync(runId, kinds, started, aggregates, ct);
            var detail =
                pending == 0
                    ? null
                    : $"{pending} aggregates were not applied again within {options.RebuildVerifyMinutes} min; "
                        + "see the error queues";
            await FinishAsync(runId, pending == 0 ? "succeeded" : "failed", pending, detail);
            logger.LogInformation(
                "Read-model rebuild {RunId}: {Aggregates} aggregates, {Republished} states sent, {Pending} not applied",
                runId,
                aggregates,
                republished,
                pending
            );
        }
        catch (Exception e)
        {
            logger.LogError("Read-model rebuild {RunId} failed: {Error}", runId, e.Message);
            try
            {
                await FinishAsync(runId, "failed", null, e.GetType().Name + ": " + e.Message);
            }
            catch (Exception again)
            {
                logger.LogWarning("Could not record the rebuild's failure: {Error}", again.Message);
            }
        }
    }

    /// <summary>Waits until every aggregate was applied since <paramref name="started"/>; returns how many were
    /// not.</summary>
    private async Task<long> AwaitAppliedAsync(
        Guid runId,
        IReadOnlyList<string> kinds,
        DateTimeOffset started,
        long aggregates,
        CancellationToken ct
    )
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(options.RebuildVerifyMinutes);
        var askedAgainAt = DateTimeOffset.UtcNow;
        var askedAgain = 0;
        while (true)
        {
            var missing = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var kind in kinds.Select(k => mirror.Kinds[k]))
            {
                missing[kind.Kind] = await NotAppliedSinceAsync(kind, started, ct);
            }

            var pending = missing.Values.Sum(m => (long)m.Count);
            await ProgressAsync(runId, aggregates, null, pending, ct);
            if (pending == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return pending;
            }

            if (DateTimeOffset.UtcNow - askedAgainAt > AskAgainAfter && askedAgain < MaxAskAgain)
            {
                // A state that is still not applied a minute on was lost or refused: send it again.
                askedAgain++;
                askedAgainAt = DateTimeOffset.UtcNow;
                foreach (var (kind, ids) in missing.Where(m => m.Value.Count > 0))
                {
                    foreach (var chunk in ids.Chunk(options.PageSize))
                    {
                        var states = await sources.StatesAsync(kind, chunk, ct);
                        await dispatcher.DispatchAsync(mirror.Kinds[kind], states, runId, ct);
                    }
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    private async Task<List<string>> NotAppliedSinceAsync(
        MirroredKind kind,
        DateTimeOffset started,
        CancellationToken ct
    )
    {
        var missing = new List<string>();
        string? cursor = null;
        do
        {
            var page = await sources.VersionsAsync(kind.Kind, cursor, ct);
            var ids = page.Items.Select(i => i.AggregateId).ToArray();
            var applied = await AppliedVersions.ReadAsync(dataSource, kind.Streams, ids, ct);
            missing.AddRange(
                page.Items.Where(i => AppliedVersions.IsBehind(applied, kind.Streams, i, since: started))
                    .Select(i => i.AggregateId)
            );
            cursor = page.Next;
        } while (cursor is not null);

        return missing;
    }

    private Task ProgressAsync(Guid runId, long aggregates, long? republished, long? pending, CancellationToken ct) =>
        ExecuteAsync(
            """
            UPDATE read_model_rebuilds SET aggregates = @aggregates, republished = coalesce(@republished, republished),
                pending = coalesce(@pending, pending), heartbeat_at = now()
            WHERE run_id = @runId
            """,
            new
            {
                runId,
                aggregates,
                republished,
                pending,
            },
            ct
        );

    private Task FinishAsync(Guid runId, string status, long? pending, string? detail) =>
        ExecuteAsync(
            """
            UPDATE read_model_rebuilds SET status = @status, pending = coalesce(@pending, pending), detail = @detail,
                finished_at = now(), heartbeat_at = now()
            WHERE run_id = @runId
            """,
            new
            {
                runId,
                status,
                pending,
                detail,
            },
            CancellationToken.None
        );

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    private async Task<T> ScalarAsync<T>(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct)))!;
    }

    private sealed class RunRow
    {
        public string[] Kinds { get; init; } = [];

        public string Status { get; init; } = "";

        public DateTimeOffset StartedAt { get; init; }

        public DateTimeOffset? FinishedAt { get; init; }

        public long Aggregates { get; init; }

        public long Republished { get; init; }

        public long Pending { get; init; }

        public string? Detail { get; init; }

        public bool Stale { get; init; }
    }
}
