namespace LoveCard.Console.Api;

/// <summary>Every provider's statement totals of a county for a month or a day.</summary>
public sealed record CountySummary(
    string County,
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    StatementTotals Totals,
    IReadOnlyList<ProviderSummary> Providers
);
