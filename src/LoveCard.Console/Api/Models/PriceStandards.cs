namespace LoveCard.Console.Api;

/// <summary>The version in force today and those scheduled.</summary>
public sealed record PriceStandards(string County, PriceStandard? InForce, IReadOnlyList<PriceStandard> Scheduled);
