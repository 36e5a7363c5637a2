using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Items;

/// <summary>
/// The items a provider may sell (DOMAIN.md §4): each at a price not above the county's ceiling in
/// force on the day the price takes effect, with an optional card-holder discount. Every change
/// replaces the list and publishes it whole (<see cref="ProviderItemsChanged"/>), as part of the
/// provider aggregate (its id and version), so settlement applies items and status in order.
/// </summary>
public sealed class ProviderItemStore(NpgsqlDataSource dataSource, ProviderStore providers, TimeProvider time)
{
    private sealed record Ceiling
    {
        public required string Name { get; init; }
        public required string Unit { get; init; }
        public required long CeilingFen { get; init; }
    }

    public async Task<IReadOnlyList<ProviderItemRow>> ListAsync(Guid providerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ListAsync(connection, null, providerId, ct);
    }

    public async Task<IReadOnlyList<ProviderItemRow>> ReplaceAsync(
        Guid providerId,
        Action<ProviderRow> authorise,
        IReadOnlyList<ItemChange> changes,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        const string ceilingSql = """
            SELECT i.name, i.unit, i.ceiling_fen FROM price_standard_items i
            JOIN (SELECT version FROM price_standards WHERE county = @county AND effective_from <= @day
                  ORDER BY effective_from DESC, version DESC LIMIT 1) v ON v.version = i.version
            WHERE i.county = @county AND i.item_code = @itemCode
            """;
        const string deleteSql = "DELETE FROM provider_items WHERE provider_id = @providerId";
        const string insertSql = """
            INSERT INTO provider_items (provider_id, item_code, name, unit, unit_price_fen, discount_percent,
                effective_from)
            VALUES (@providerId, @ItemCode, @Name, @Unit, @UnitPriceFen, @DiscountPercent, @EffectiveFrom)
            """;

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var provider = await ProviderStore.LockAsync(connection, transaction, providerId, ct)
            ?? throw new NotFoundException("Provider");
        authorise(provider);
        if (provider.Status == ProviderStatuses.Exited)
        {
            throw new ConflictException(
                "provider_exited",
                "The provider has exited the whitelist; its items can no longer change."
            );
        }

        var today = Shanghai.Today(time);
        var current = (await ListAsync(connection, transaction, providerId, ct)).ToDictionary(i => i.ItemCode);
        var rows = new List<ProviderItemRow>();
        foreach (var change in changes)
        {
            // Re-sending an unchanged item keeps its old date; any change takes effect today or later.
            var unchanged =
                current.TryGetValue(change.ItemCode, out var old)
                && old.UnitPriceFen == change.UnitPriceFen
                && old.DiscountPercent == change.DiscountPercent
                && old.EffectiveFrom == change.EffectiveFrom;
            if (change.EffectiveFrom < today && !unchanged)
            {
                throw new BadInputException(
                    $"items[{change.Index}].effectiveFrom",
                    "effective_from_in_past",
                    $"A new price takes effect today ({today:yyyy-MM-dd}) or later."
                );
            }

            var day = change.EffectiveFrom > today ? change.EffectiveFrom : today;
            var ceiling = await connection.QuerySingleOrDefaultAsync<Ceiling>(
                new CommandDefinition(
                    ceilingSql,
                    new
                    {
                        county = provider.County,
                        day,
                        itemCode = change.ItemCode,
                    },
                    transaction,
                    cancellationToken: ct
                )
            )
                ?? throw new RuleViolationException(
                    "item_not_in_standard",
                    $"County {provider.County} has no price standard for {change.ItemCode} in force on "
                        + $"{day:yyyy-MM-dd}.",
                    $"items[{change.Index}].itemCode"
                );
            if (change.UnitPriceFen > ceiling.CeilingFen)
            {
                var e = new RuleViolationException(
                    "price_above_standard",
                    $"{change.UnitPriceFen} fen is above the county ceiling of {ceiling.CeilingFen} fen for "
                        + $"{change.ItemCode}.",
                    $"items[{change.Index}].unitPriceFen"
                );
                e.Extensions["ceilingFen"] = ceiling.CeilingFen;
                throw e;
            }

            rows.Add(
                new ProviderItemRow
                {
                    ItemCode = change.ItemCode,
                    Name = ceiling.Name,
                    Unit = ceiling.Unit,
                    UnitPriceFen = change.UnitPriceFen,
                    DiscountPercent = change.DiscountPercent,
                    EffectiveFrom = change.EffectiveFrom,
                }
            );
        }

        await connection.ExecuteAsync(
            new CommandDefinition(deleteSql, new { providerId }, transaction, cancellationToken: ct)
        );
        await connection.ExecuteAsync(
            new CommandDefinition(
                insertSql,
                rows.Select(r => new
                {
                    providerId,
                    r.ItemCode,
                    r.Name,
                    r.Unit,
                    r.UnitPriceFen,
                    r.DiscountPercent,
                    r.EffectiveFrom,
                }),
                transaction,
                cancellationToken: ct
            )
        );
        var version = await providers.BumpVersionAsync(connection, transaction, providerId, ct);
        var sorted = rows.OrderBy(r => r.ItemCode, StringComparer.Ordinal).ToArray();
        await Outbox.AddAsync(
            connection,
            transaction,
            new ProviderItemsChanged
            {
                AggregateId = providerId.ToString(),
                AggregateVersion = version,
                Actor = actor,
                Reason = reason,
                OccurredAt = time.GetUtcNow(),
                ProviderId = providerId,
                County = provider.County,
                Items = sorted
                    .Select(r => new ProviderItem(
                        r.ItemCode,
                        r.Name,
                        r.Unit,
                        r.UnitPriceFen,
                        r.DiscountPercent,
                        r.EffectiveFrom
                    ))
                    .ToArray(),
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return sorted;
    }

    private static async Task<IReadOnlyList<ProviderItemRow>> ListAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Guid providerId,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT item_code, name, unit, unit_price_fen, discount_percent, effective_from
            FROM provider_items WHERE provider_id = @providerId ORDER BY item_code
            """;
        return (
            await connection.QueryAsync<ProviderItemRow>(
                new CommandDefinition(sql, new { providerId }, transaction, cancellationToken: ct)
            )
        ).AsList();
    }
}
