using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Credit;

/// <summary>
/// Credit events and the score (信用评价和退出, DOMAIN.md §4). Booking locks the provider's row, so
/// concurrent events apply one after the other and the automatic suspension below the county's
/// threshold happens, and is published, exactly once: the first event that finds the provider
/// whitelisted and the score below the threshold suspends it; the later ones find it suspended.
/// </summary>
public sealed class CreditStore(NpgsqlDataSource dataSource, ProviderStore providers, TimeProvider time)
{
    public static readonly Actor Evaluation = Actor.System("credit-evaluation");

    /// <summary>
    /// Books one event on the locked <paramref name="provider"/> in the caller's transaction. With an
    /// <paramref name="anomalyId"/>, a second booking of the same anomaly (whatever message carried it)
    /// changes nothing and returns null.
    /// </summary>
    public async Task<CreditOutcome?> BookAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ProviderRow provider,
        string type,
        int signedPoints,
        string note,
        Guid? anomalyId,
        Actor actor,
        CancellationToken ct
    )
    {
        const string insert = """
            INSERT INTO credit_events (id, provider_id, event_type, points, score_after, note, anomaly_id, actor_kind,
                actor_id, occurred_at)
            VALUES (@Id, @providerId, @EventType, @Points, @ScoreAfter, @Note, @AnomalyId, @ActorKind, @ActorId,
                @OccurredAt)
            ON CONFLICT (anomaly_id) DO NOTHING
            """;
        const string update = "UPDATE providers SET credit_score = @score, updated_at = @now WHERE id = @id";
        const string threshold = "SELECT suspend_below FROM county_settings WHERE county = @County";

        var now = time.GetUtcNow();
        var score = Math.Clamp(provider.CreditScore + signedPoints, CreditBands.MinScore, CreditBands.MaxScore);
        var row = new CreditEventRow
        {
            Id = Guid.CreateVersion7(),
            EventType = type,
            Points = signedPoints,
            ScoreAfter = score,
            Note = note,
            AnomalyId = anomalyId,
            ActorKind = actor.Kind,
            ActorId = actor.Id,
            OccurredAt = now,
        };
        var inserted = await connection.ExecuteAsync(
            new CommandDefinition(
                insert,
                new
                {
                    row.Id,
                    providerId = provider.Id,
                    row.EventType,
                    row.Points,
                    row.ScoreAfter,
                    row.Note,
                    row.AnomalyId,
                    row.ActorKind,
                    row.ActorId,
                    row.OccurredAt,
                },
                transaction,
                cancellationToken: ct
            )
        );
        if (inserted == 0)
        {
            return null;
        }

        await connection.ExecuteAsync(
            new CommandDefinition(
                update,
                new
                {
                    score,
                    now,
                    id = provider.Id,
                },
                transaction,
                cancellationToken: ct
            )
        );
        var after = provider with { CreditScore = score, UpdatedAt = now };
        var suspendBelow = await connection.ExecuteScalarAsync<int?>(
            new CommandDefinition(threshold, new { provider.County }, transaction, cancellationToken: ct)
        ) ?? CreditBands.DefaultSuspendBelow;
        if (after.Status == ProviderStatuses.Whitelisted && score < suspendBelow)
        {
            after = await providers.TransitionAsync(
                connection,
                transaction,
                after,
                ProviderStatuses.Suspended,
                Evaluation,
                ProviderWorkflow.CreditBelowThresholdReason,
                ct
            );
            return new CreditOutcome(row, after, true);
        }

        return new CreditOutcome(row, after, false);
    }

    /// <summary>A bureau's credit event, in its own transaction; <paramref name="authorise"/> checks the caller against
    /// the locked provider.</summary>
    public async Task<CreditOutcome> BookByHandAsync(
        Guid providerId,
        Action<ProviderRow> authorise,
        string type,
        int signedPoints,
        string note,
        Actor actor,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var provider = await ProviderStore.LockAsync(connection, transaction, providerId, ct)
            ?? throw new Hosting.Errors.NotFoundException("Provider");
        authorise(provider);
        var outcome = await BookAsync(connection, transaction, provider, type, signedPoints, note, null, actor, ct)
            ?? throw new InvalidOperationException("A credit event without an anomaly id cannot be a duplicate");
        await transaction.CommitAsync(ct);
        return outcome;
    }

    public async Task<int> SuspendBelowAsync(string county, CancellationToken ct)
    {
        const string sql = "SELECT suspend_below FROM county_settings WHERE county = @county";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int?>(
            new CommandDefinition(sql, new { county }, cancellationToken: ct)
        ) ?? CreditBands.DefaultSuspendBelow;
    }

    public async Task<(IReadOnlyList<CreditEventRow> Rows, long Total)> EventsAsync(
        Guid providerId,
        int page,
        int pageSize,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT id, event_type, points, score_after, note, anomaly_id, actor_kind, actor_id, occurred_at
            FROM credit_events WHERE provider_id = @providerId
            ORDER BY occurred_at DESC, id DESC
            LIMIT @pageSize OFFSET @offset;
            SELECT count(*) FROM credit_events WHERE provider_id = @providerId;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    providerId,
                    pageSize,
                    offset = (page - 1) * pageSize,
                },
                cancellationToken: ct
            )
        );
        var rows = (await grid.ReadAsync<CreditEventRow>()).AsList();
        return (rows, await grid.ReadSingleAsync<long>());
    }
}
