namespace LoveCard.Console.Api;

/// <summary>A county's fund accounts.</summary>
public sealed record FundBalances(string County, IReadOnlyList<FundBalance> Funds);
