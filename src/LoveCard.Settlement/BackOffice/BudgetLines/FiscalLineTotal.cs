namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>
/// The fiscal share paid from one budget line of the paying (home) county; <see cref="Line"/> is null for the
/// fiscal share of categories no line funds. The lines of a report sum to its fiscal total exactly.
/// </summary>
public sealed record FiscalLineTotal(
    string County,
    string? Line,
    string Name,
    IReadOnlyList<int> Categories,
    long FiscalFen
);
