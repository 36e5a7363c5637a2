namespace LoveCard.Console.Api;

/// <summary>A county's published statistics (counts are a number or <c>&lt;10</c>).</summary>
public sealed record PublicStats(
    string County,
    string Month,
    DateTimeOffset GeneratedAt,
    int SuppressedBelow,
    PublicCardholders Cardholders,
    PublicPurchases PurchasesAtCountyProviders,
    PublicPurchases PurchasesByCountyElders,
    PublicProviders Providers,
    PublicCareWorkers CareWorkers
);
