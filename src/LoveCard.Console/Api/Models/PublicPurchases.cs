namespace LoveCard.Console.Api;

/// <summary>Purchases of the month with their money by source.</summary>
public sealed record PublicPurchases(
    string Purchases,
    string Reversals,
    PublicAmounts? Amounts,
    IReadOnlyList<PublicItem> ByItem
);
