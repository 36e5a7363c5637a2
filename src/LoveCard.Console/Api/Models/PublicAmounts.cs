namespace LoveCard.Console.Api;

/// <summary>Net amounts in fen; the subsidy is fiscal + collective + charity.</summary>
public sealed record PublicAmounts(
    long PriceFen,
    long SubsidyFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen
);
