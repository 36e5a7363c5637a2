namespace LoveCard.Settlement.Core.Purchases;

public sealed class ProviderItemRow
{
    public string ItemCode { get; init; } = "";

    public string Name { get; init; } = "";

    public string Unit { get; init; } = "";

    public long UnitPriceFen { get; init; }

    public int DiscountPercent { get; init; }

    public DateOnly EffectiveFrom { get; init; }
}
