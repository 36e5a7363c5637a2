namespace LoveCard.Console.Api;

/// <summary>One provider's totals in a county summary.</summary>
public sealed record ProviderSummary(Guid ProviderId, StatementTotals Totals, IReadOnlyList<ItemTotals> Items);
