namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>A line of a county's budget that pays fiscal shares, and the categories (1/2/3) it funds.</summary>
public sealed record BudgetLine(string Code, string Name, IReadOnlyList<int> Categories);
