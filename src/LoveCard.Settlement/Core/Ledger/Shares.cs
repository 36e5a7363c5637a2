namespace LoveCard.Settlement.Core.Ledger;

/// <summary>Integer percentages each subsidised source covers (the family pays the rest).</summary>
public readonly record struct Shares(int FiscalPercent, int CollectivePercent, int CharityPercent);
