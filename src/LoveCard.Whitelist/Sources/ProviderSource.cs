using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.ReadModels;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.ReadModels;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Sources;

/// <summary>
/// Providers as a source of read models (ADR 0015). One version counts every published change of a
/// provider (status and items); its state is the status event (none while it has only applied) and
/// its item list, both at the current version.
/// </summary>
public sealed class ProviderSource : IAggregateSource
{
    private const string Reason = "current state, sent again for a read model";
    private static readonly Actor Sync = Actor.System("whitelist-read-model-sync");

    public string Kind => ReadModelKinds.Provider;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT id::text AS aggregate_id, id::text AS key, version, updated_at AS changed_at FROM providers
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
        const string providersSql = $"SELECT {ProviderStore.Columns} FROM providers WHERE id = ANY(@ids)";
        const string itemsSql = """
            SELECT provider_id, item_code, name, unit, unit_price_fen, discount_percent, effective_from
            FROM provider_items WHERE provider_id = ANY(@ids) ORDER BY provider_id, item_code COLLATE "C"
            """;
        var ids = SourceIds.Guids(aggregateIds);
        var providers = await connection.QueryAsync<ProviderRow>(
            new CommandDefinition(providersSql, new { ids }, transaction, cancellationToken: ct)
        );
        var itemRows = await connection.QueryAsync<ItemRow>(
            new CommandDefinition(itemsSql, new { ids }, transaction, cancellationToken: ct)
        );
        var items = itemRows.ToLookup(i => i.ProviderId);
        return providers
            .Select(p =>
            {
                var events = new List<IntegrationEvent>();
                if (p.Status != ProviderStatuses.Applied)
                {
                    events.Add(ProviderStore.StatusEvent(p, Sync, Reason, p.UpdatedAt));
                }

                events.Add(ItemsChanged(p, items[p.Id]));
                return new SourceState(p.Id.ToString(), p.Version, events);
            })
            .ToArray();
    }

    private static ProviderItemsChanged ItemsChanged(ProviderRow p, IEnumerable<ItemRow> items) =>
        new()
        {
            AggregateId = p.Id.ToString(),
            AggregateVersion = p.Version,
            Actor = Sync,
            Reason = Reason,
            OccurredAt = p.UpdatedAt,
            ProviderId = p.Id,
            County = p.County,
            Items = items.Select(Item).ToArray(),
        };

    private static ProviderItem Item(ItemRow i) =>
        new(i.ItemCode, i.Name, i.Unit, i.UnitPriceFen, i.DiscountPercent, i.EffectiveFrom);

    private sealed class ItemRow
    {
        public Guid ProviderId { get; init; }

        public string ItemCode { get; init; } = "";

        public string Name { get; init; } = "";

        public string Unit { get; init; } = "";

        public long UnitPriceFen { get; init; }

        public int DiscountPercent { get; init; }

        public DateOnly EffectiveFrom { get; init; }
    }
}
