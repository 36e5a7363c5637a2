namespace LoveCard.Contracts.Whitelist;

/// <summary>The full list of items a provider may sell, with prices and card-holder discounts, after a change.</summary>
public sealed record ProviderItemsChanged : IntegrationEvent
{
    public required Guid ProviderId { get; init; }

    public required string County { get; init; }

    public required IReadOnlyList<ProviderItem> Items { get; init; }
}

/// <param name="ItemCode">e.g. <c>meal</c>.</param>
/// <param name="UnitPriceFen">The provider's price per unit, never above the county ceiling when set.</param>
/// <param name="DiscountPercent">Card-holder discount, 0 to 100.</param>
/// <param name="EffectiveFrom">Asia/Shanghai day from which this price applies.</param>
public sealed record ProviderItem(string ItemCode, string Name, string Unit, long UnitPriceFen, int DiscountPercent, DateOnly EffectiveFrom);
