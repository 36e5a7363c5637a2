namespace LoveCard.Console.Api;

/// <summary>One item's published purchases.</summary>
public sealed record PublicItem(string Item, string Purchases, string Reversals, PublicAmounts? Amounts);
