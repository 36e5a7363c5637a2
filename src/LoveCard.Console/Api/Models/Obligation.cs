namespace LoveCard.Console.Api;

/// <summary>What one of the county's funds owes one provider for the period.</summary>
public sealed record Obligation(
    string Source,
    string VillageCode,
    Guid ProviderId,
    string ProviderCounty,
    long AmountFen
);
