namespace LoveCard.Contracts.Eligibility;

public sealed record ItemShares(string Item, SourceShares Shares);
