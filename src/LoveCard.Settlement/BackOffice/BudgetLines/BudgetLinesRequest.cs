namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>The county's lines, whole (an empty list removes them all).</summary>
public sealed record BudgetLinesRequest(IReadOnlyList<BudgetLineInput>? Lines);
