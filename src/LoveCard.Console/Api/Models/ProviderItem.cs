namespace LoveCard.Console.Api;

/// <summary>An item a provider sells, its price and card-holder discount.</summary>
public sealed record ProviderItem(
    string ItemCode,
    string Name,
    string Unit,
    long UnitPriceFen,
    int DiscountPercent,
    DateOnly EffectiveFrom
);
