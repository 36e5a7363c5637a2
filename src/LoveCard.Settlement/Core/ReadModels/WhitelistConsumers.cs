using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>The provider's status, from every provider status event (state-carrying, one version stream).</summary>
public abstract class ProviderEventConsumer<TEvent>(IServiceProvider services) : InboxConsumer<TEvent>(services)
    where TEvent : ProviderEvent
{
    protected override string VersionStream => "provider";

    protected override async Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_providers (provider_id, county, name, status, credit_score, provider_type)
            VALUES (@ProviderId, @County, @Name, @Status, @CreditScore, @ProviderType)
            ON CONFLICT (provider_id) DO UPDATE SET county = excluded.county, name = excluded.name,
                status = excluded.status, credit_score = excluded.credit_score, provider_type = excluded.provider_type
            """;
        await scope.Connection.ExecuteAsync(new CommandDefinition(sql, message, scope.Transaction, cancellationToken: ct));
    }
}

public sealed class ProviderWhitelistedConsumer(IServiceProvider services) : ProviderEventConsumer<ProviderWhitelisted>(services);

public sealed class ProviderSuspendedConsumer(IServiceProvider services) : ProviderEventConsumer<ProviderSuspended>(services);

public sealed class ProviderExitedConsumer(IServiceProvider services) : ProviderEventConsumer<ProviderExited>(services);

/// <summary>The provider's full item list replaces the previous one.</summary>
public sealed class ProviderItemsChangedConsumer(IServiceProvider services) : InboxConsumer<ProviderItemsChanged>(services)
{
    // Its own stream: whether the whitelist service versions items with the provider or apart,
    // versions within this stream only grow.
    protected override string VersionStream => "provider-items";

    protected override async Task HandleAsync(ProviderItemsChanged message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM rm_provider_items WHERE provider_id = @ProviderId;
            INSERT INTO rm_provider_items (provider_id, item_code, name, unit, unit_price_fen, discount_percent, effective_from)
            SELECT @ProviderId, i.item_code, i.name, i.unit, i.unit_price_fen, i.discount_percent, i.effective_from
            FROM unnest(@Codes, @Names, @Units, @Prices, @Discounts, @EffectiveFrom)
                AS i (item_code, name, unit, unit_price_fen, discount_percent, effective_from)
            ON CONFLICT (provider_id, item_code) DO NOTHING;
            """;
        var items = message.Items;
        await scope.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            message.ProviderId,
            Codes = items.Select(i => i.ItemCode).ToArray(),
            Names = items.Select(i => i.Name).ToArray(),
            Units = items.Select(i => i.Unit).ToArray(),
            Prices = items.Select(i => i.UnitPriceFen).ToArray(),
            Discounts = items.Select(i => i.DiscountPercent).ToArray(),
            EffectiveFrom = items.Select(i => i.EffectiveFrom.ToDateTime(TimeOnly.MinValue)).ToArray(),
        }, scope.Transaction, cancellationToken: ct));
    }
}

/// <summary>Every price-standard version by effective day (kept whole, like policies: the stream records the newest seen).</summary>
public sealed class PriceStandardChangedConsumer(IServiceProvider services) : InboxConsumer<PriceStandardChanged>(services)
{
    protected override string VersionStream => "price-standards";

    protected override bool KeepsEveryVersion => true;

    protected override async Task HandleAsync(PriceStandardChanged message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM rm_price_standards WHERE county = @County AND standard_version = @StandardVersion;
            INSERT INTO rm_price_standards (county, standard_version, effective_from, item_code, name, unit, ceiling_fen)
            SELECT @County, @StandardVersion, @EffectiveFrom, i.item_code, i.name, i.unit, i.ceiling_fen
            FROM unnest(@Codes, @Names, @Units, @Ceilings) AS i (item_code, name, unit, ceiling_fen)
            ON CONFLICT DO NOTHING;
            """;
        var items = message.Items;
        await scope.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            message.County,
            message.StandardVersion,
            message.EffectiveFrom,
            Codes = items.Select(i => i.ItemCode).ToArray(),
            Names = items.Select(i => i.Name).ToArray(),
            Units = items.Select(i => i.Unit).ToArray(),
            Ceilings = items.Select(i => i.CeilingFen).ToArray(),
        }, scope.Transaction, cancellationToken: ct));
    }
}
