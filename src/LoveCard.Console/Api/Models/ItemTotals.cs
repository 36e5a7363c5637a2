namespace LoveCard.Console.Api;

/// <summary>A statement's totals for one item.</summary>
public sealed record ItemTotals(
    string Item,
    int Lines,
    long Quantity,
    long AmountFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen
);
