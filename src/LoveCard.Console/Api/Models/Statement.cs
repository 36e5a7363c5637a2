namespace LoveCard.Console.Api;

/// <summary>A page of a provider's or elder's statement, with totals over all its lines.</summary>
public sealed record Statement(
    string Subject,
    Guid SubjectId,
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    int Page,
    int PageSize,
    IReadOnlyList<StatementLine> Lines,
    StatementTotals Totals,
    IReadOnlyList<ItemTotals> Items
);
