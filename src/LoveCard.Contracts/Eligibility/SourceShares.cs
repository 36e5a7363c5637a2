namespace LoveCard.Contracts.Eligibility;

/// <summary>Integer percentages; the family pays what the three do not.</summary>
public sealed record SourceShares(int FiscalPercent, int CollectivePercent, int CharityPercent);
