namespace LoveCard.Contracts.Whitelist;

/// <param name="ItemCode">e.g. <c>meal</c>.</param>
/// <param name="UnitPriceFen">The provider's price per unit, never above the county ceiling when set.</param>
/// <param name="DiscountPercent">Card-holder discount, 0 to 100.</param>
/// <param name="EffectiveFrom">Asia/Shanghai day from which this price applies.</param>
public sealed record ProviderItem(
    string ItemCode,
    string Name,
    string Unit,
    long UnitPriceFen,
    int DiscountPercent,
    DateOnly EffectiveFrom
);
