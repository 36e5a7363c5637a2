namespace LoveCard.Contracts.Settlement;

/// <summary>One fiscal budget line of a county: its code, its name and the categories whose fiscal share it pays.
/// </summary>
public sealed record FiscalBudgetLine(string Code, string Name, IReadOnlyList<int> Categories);
