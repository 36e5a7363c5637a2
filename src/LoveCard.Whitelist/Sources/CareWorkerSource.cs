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

    public async Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection, string? after, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT id::text AS aggregate_id, id::text AS key, 1::bigint AS version, registered_at AS changed_at FROM care_workers
            WHERE @after::uuid IS NULL OR id > @after::uuid
            ORDER BY id LIMIT @limit
            """;
        var rows = (await connection.QueryAsync<WatermarkRow>(new CommandDefinition(sql, new { after, limit }, cancellationToken: ct))).AsList();
        return WatermarkRow.Page(rows, limit);
    }

    public async Task<IReadOnlyList<SourceState>> StatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> aggregateIds, CancellationToken ct)
    {
        const string sql = """
            SELECT id, provider_id, county, certificate_level, valid_until, registered_at FROM care_workers WHERE id = ANY(@ids)
            """;
        var ids = aggregateIds.Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToArray();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { ids }, transaction, cancellationToken: ct));
        return rows.Select(r => new SourceState(r.Id.ToString(), 1, [new CareWorkerRegistered
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
        }])).ToArray();
    }

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
