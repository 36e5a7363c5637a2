using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.ReadModels;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.ReadModels;
using Npgsql;

namespace LoveCard.Whitelist.Sources;

/// <summary>
/// A county's price standards as a source of read models (ADR 0015). A reader keeps every version
/// (a price is checked against the ceiling in force on its day): the aggregate's version is the
/// newest version's number (they are numbered without gaps) and its state is every version.
/// </summary>
public sealed class PriceStandardsSource : IAggregateSource
{
    private const string Prefix = "price-standards:";
    private static readonly Actor Sync = Actor.System("whitelist-read-model-sync");

    public string Kind => ReadModelKinds.PriceStandards;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT 'price-standards:' || county AS aggregate_id, county AS key, max(version) AS version,
                   max(set_at) AS changed_at
            FROM price_standards
            WHERE @after::text IS NULL OR county > @after
            GROUP BY county ORDER BY county LIMIT @limit
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
            SELECT s.county, s.version, s.effective_from, s.reason, s.set_at, i.item_code, i.name, i.unit,
                   i.ceiling_fen,
                   i.home_service, i.minimum_visit_minutes
            FROM price_standards s JOIN price_standard_items i ON i.county = s.county AND i.version = s.version
            WHERE s.county = ANY(@counties)
            ORDER BY s.county, s.version, i.item_code
            """;
        var counties = SourceIds.After(Prefix, aggregateIds);
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(sql, new { counties }, transaction, cancellationToken: ct)
        );
        return rows.GroupBy(r => r.County)
            .Select(county => new SourceState(
                Prefix + county.Key,
                county.Max(r => r.Version),
                county.GroupBy(r => r.Version).Select(Changed).ToArray()
            ))
            .ToArray();
    }

    private static IntegrationEvent Changed(IGrouping<int, Row> version)
    {
        var first = version.First();
        return new PriceStandardChanged
        {
            AggregateId = Prefix + first.County,
            AggregateVersion = first.Version,
            Actor = Sync,
            Reason = first.Reason,
            OccurredAt = first.SetAt,
            County = first.County,
            StandardVersion = first.Version,
            EffectiveFrom = first.EffectiveFrom,
            Items = version
                .Select(i => new PriceStandardItem(
                    i.ItemCode,
                    i.Name,
                    i.Unit,
                    i.CeilingFen,
                    i.HomeService,
                    i.MinimumVisitMinutes
                ))
                .ToArray(),
        };
    }

    private sealed class Row
    {
        public string County { get; init; } = "";

        public int Version { get; init; }

        public DateOnly EffectiveFrom { get; init; }

        public string Reason { get; init; } = "";

        public DateTimeOffset SetAt { get; init; }

        public string ItemCode { get; init; } = "";

        public string Name { get; init; } = "";

        public string Unit { get; init; } = "";

        public long CeilingFen { get; init; }

        public bool? HomeService { get; init; }

        public int? MinimumVisitMinutes { get; init; }
    }
}
