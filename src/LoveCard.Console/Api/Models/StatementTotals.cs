namespace LoveCard.Console.Api;

/// <summary>Sums over a statement's lines; the subsidy is fiscal + collective + charity.</summary>
public sealed record StatementTotals(
    int Lines,
    long AmountFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen,
    long SubsidyFen
);
