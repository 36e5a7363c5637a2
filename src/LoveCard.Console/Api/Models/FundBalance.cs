namespace LoveCard.Console.Api;

/// <summary>One fund account's balance (collective funds per village).</summary>
public sealed record FundBalance(string AccountId, string Source, string? VillageCode, long BalanceFen);
