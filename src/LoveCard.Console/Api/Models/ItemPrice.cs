namespace LoveCard.Console.Api;

/// <summary>One line of a provider's new item list.</summary>
public sealed record ItemPrice(string ItemCode, long UnitPriceFen, int DiscountPercent, DateOnly? EffectiveFrom);
