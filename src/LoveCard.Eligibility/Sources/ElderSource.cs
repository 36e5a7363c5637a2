using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.ReadModels;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting.ReadModels;
using Npgsql;

namespace LoveCard.Eligibility.Sources;

/// <summary>The register as a source of read models (ADR 0015): an elder's state is its
/// <c>ElderClassified</c>.</summary>
public sealed class ElderSource : IAggregateSource
{
    private static readonly Actor Sync = Actor.System("eligibility-read-model-sync");

    public string Kind => ReadModelKinds.Elder;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT elder_id::text AS aggregate_id, elder_id::text AS key, version, updated_at AS changed_at FROM elders
            WHERE @after::uuid IS NULL OR elder_id > @after::uuid
            ORDER BY elder_id LIMIT @limit
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
        const string sql = $"SELECT {ElderRow.Columns} FROM elders WHERE elder_id = ANY(@ids)";
        var ids = SourceIds.Guids(aggregateIds);
        var rows = await connection.QueryAsync<ElderRow>(
            new CommandDefinition(sql, new { ids }, transaction, cancellationToken: ct)
        );
        return rows.Select(row =>
            {
                var changedAt = new DateTimeOffset(DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc));
                var state = ElderWriter.Classified(row, Sync, "current state, sent again for a read model", changedAt);
                return new SourceState(row.ElderId.ToString(), row.Version, [state]);
            })
            .ToArray();
    }
}
