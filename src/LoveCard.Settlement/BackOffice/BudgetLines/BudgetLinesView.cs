namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>A county's budget lines in their order, and the categories none of them funds.</summary>
public sealed record BudgetLinesView(
    string County,
    IReadOnlyList<BudgetLine> Lines,
    IReadOnlyList<int> UnassignedCategories
);
