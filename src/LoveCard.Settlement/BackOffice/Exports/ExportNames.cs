using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Exports;

/// <summary>
/// Provider and item names from the whitelist's read model, to print beside ids in exports (ADR 0032).
/// </summary>
public sealed class ExportNames
{
    private readonly Dictionary<Guid, string> _providers;
    private readonly Dictionary<(Guid, string), string> _items;

    private ExportNames(Dictionary<Guid, string> providers, Dictionary<(Guid, string), string> items)
    {
        _providers = providers;
        _items = items;
    }

    public static async Task<ExportNames> LoadAsync(
        NpgsqlDataSource dataSource,
        IEnumerable<Guid> providerIds,
        CancellationToken ct
    )
    {
        var ids = providerIds.Distinct().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var providers = await connection.QueryAsync<(Guid ProviderId, string Name)>(
            new CommandDefinition(
                "SELECT provider_id, name FROM rm_providers WHERE provider_id = ANY(@ids)",
                new { ids },
                cancellationToken: ct
            )
        );
        var items = await connection.QueryAsync<(Guid ProviderId, string ItemCode, string Name)>(
            new CommandDefinition(
                "SELECT provider_id, item_code, name FROM rm_provider_items WHERE provider_id = ANY(@ids)",
                new { ids },
                cancellationToken: ct
            )
        );
        return new ExportNames(
            providers.ToDictionary(p => p.ProviderId, p => p.Name),
            items.ToDictionary(i => (i.ProviderId, i.ItemCode), i => i.Name)
        );
    }

    public string? Provider(Guid providerId) => _providers.GetValueOrDefault(providerId);

    /// <summary>The provider's own name for the item, else the standard item's name, else the code.</summary>
    public string? Item(Guid providerId, string? item) =>
        item is null
            ? null
            : _items.GetValueOrDefault((providerId, item)) ?? ExportWords.Items.GetValueOrDefault(item) ?? item;
}
