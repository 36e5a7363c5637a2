namespace LoveCard.Contracts.Eligibility;

/// <summary>Shares and monthly caps for one category. Item shares override the default shares.</summary>
public sealed record CategoryPolicy(
    int Category,
    SourceShares DefaultShares,
    IReadOnlyList<ItemShares> ItemShares,
    long MonthlyCapFiscalFen,
    long MonthlyCapCollectiveFen,
    long MonthlyCapCharityFen
);
