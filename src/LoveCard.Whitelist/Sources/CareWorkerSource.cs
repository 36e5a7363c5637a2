using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.ReadModels;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.ReadModels;
using Npgsql;

namespace LoveCard.Whitelist.Sources;

/// <summary>Certified care workers as a source of read models (ADR 0015): registered once, version 1.</summary>
public sealed class CareWorkerSource : IAggregateSource
{
    private static readonly Actor Sync = Actor.System("whitelist-read-model-sync");

    public string Kind => ReadModelKinds.CareWorker;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT id::text AS aggregate_id, id::text AS key, 1::bigint AS version, registered_at AS changed_at
            FROM care_workers
            WHERE @after::uuid IS NULL OR id > @after::uuid
            ORDER BY id LIMIT @limit
            """;
        return WatermarkRow.ReadPageAsync(connection, sql, after, limit, ct);
    }

    public async Task<IReadOnlyList<SourceState>> StatesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> aggregateIds,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT id, provider_id, county, certificate_level, valid_until, registered_at
            FROM care_workers WHERE id = ANY(@ids)
            """;
        var ids = SourceIds.Guids(aggregateIds);
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(sql, new { ids }, transaction, cancellationToken: ct)
        );
        return rows.Select(r => new SourceState(r.Id.ToString(), 1, [Registered(r)])).ToArray();
    }

    private static CareWorkerRegistered Registered(Row r) =>
        new()
        {
            AggregateId = r.Id.ToString(),
            AggregateVersion = 1,
            Actor = Sync,
            Reason = "current state, sent again for a read model",
            OccurredAt = r.RegisteredAt,
            CareWorkerId = r.Id,
            ProviderId = r.ProviderId,
            County = r.County,
            CertificateLevel = r.CertificateLevel,
            CertificateValidUntil = r.ValidUntil,
        };

    private sealed class Row
    {
        public Guid Id { get; init; }

        public Guid ProviderId { get; init; }

        public string County { get; init; } = "";

        public string CertificateLevel { get; init; } = "";

        public DateOnly ValidUntil { get; init; }

        public DateTimeOffset RegisteredAt { get; init; }
    }
}
