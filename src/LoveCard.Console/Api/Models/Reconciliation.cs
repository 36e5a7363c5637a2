namespace LoveCard.Console.Api;

/// <summary>A reconciliation with a page of its lines.</summary>
public sealed record Reconciliation(
    ReconciliationSummary Summary,
    int Page,
    int PageSize,
    long TotalLines,
    IReadOnlyList<ReconciliationLine> Lines
);
