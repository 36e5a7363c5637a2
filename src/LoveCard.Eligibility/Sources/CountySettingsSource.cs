using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.ReadModels;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting.ReadModels;
using Npgsql;

namespace LoveCard.Eligibility.Sources;

/// <summary>County settings as a source of read models (ADR 0015): the state is the whole
/// <c>CountySettingsChanged</c>.</summary>
public sealed class CountySettingsSource : IAggregateSource
{
    private const string Prefix = "county-settings:";
    private static readonly Actor Sync = Actor.System("eligibility-read-model-sync");

    public string Kind => ReadModelKinds.CountySettings;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT 'county-settings:' || county AS aggregate_id, county AS key, version, updated_at AS changed_at
            FROM county_settings
            WHERE @after::text IS NULL OR county > @after
            ORDER BY county LIMIT @limit
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
        const string sql = $"SELECT {CountyStore.Columns} FROM county_settings WHERE county = ANY(@counties)";
        var counties = SourceIds.After(Prefix, aggregateIds);
        var rows = await connection.QueryAsync<CountyStore.Row>(
            new CommandDefinition(sql, new { counties }, transaction, cancellationToken: ct)
        );
        return rows.Select(r => r.ToSettings())
            .Select(s => new SourceState(
                Prefix + s.County,
                s.Version,
                [CountyStore.ChangedEvent(s, Sync, "current state, sent again for a read model")]
            ))
            .ToArray();
    }
}
