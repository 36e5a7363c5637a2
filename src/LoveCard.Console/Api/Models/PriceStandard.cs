namespace LoveCard.Console.Api;

/// <summary>A version of a county's price standards.</summary>
public sealed record PriceStandard(
    string County,
    int Version,
    DateOnly EffectiveFrom,
    string Reason,
    string SetBy,
    DateTimeOffset SetAt,
    IReadOnlyList<PriceCeiling> Items
);
