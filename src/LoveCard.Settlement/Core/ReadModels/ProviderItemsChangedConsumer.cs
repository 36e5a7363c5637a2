using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>The provider's full item list replaces the previous one.</summary>
public sealed class ProviderItemsChangedConsumer(IServiceProvider services)
    : InboxConsumer<ProviderItemsChanged>(services)
{
    // Its own stream: whether the whitelist service versions items with the provider or apart,
    // versions within this stream only grow.
    protected override string VersionStream => "provider-items";

    protected override async Task HandleAsync(ProviderItemsChanged message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM rm_provider_items WHERE provider_id = @ProviderId;
            INSERT INTO rm_provider_items (provider_id, item_code, name, unit, unit_price_fen, discount_percent,
                effective_from)
            SELECT @ProviderId, i.item_code, i.name, i.unit, i.unit_price_fen, i.discount_percent, i.effective_from
            FROM unnest(@Codes, @Names, @Units, @Prices, @Discounts, @EffectiveFrom)
                AS i (item_code, name, unit, unit_price_fen, discount_percent, effective_from)
            ON CONFLICT (provider_id, item_code) DO NOTHING;
            """;
        var items = message.Items;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.ProviderId,
                    Codes = items.Select(i => i.ItemCode).ToArray(),
                    Names = items.Select(i => i.Name).ToArray(),
                    Units = items.Select(i => i.Unit).ToArray(),
                    Prices = items.Select(i => i.UnitPriceFen).ToArray(),
                    Discounts = items.Select(i => i.DiscountPercent).ToArray(),
                    EffectiveFrom = items.Select(i => i.EffectiveFrom.ToDateTime(TimeOnly.MinValue)).ToArray(),
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
