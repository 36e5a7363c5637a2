namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A county's fiscal budget lines were replaced (ADR 0039, audited by ADR 0043): the whole new set, in order.
/// AggregateId is <c>budget-lines:{county}</c>; the version counts the county's replacements.
/// </summary>
public sealed record BudgetLinesChanged : IntegrationEvent
{
    public required string County { get; init; }

    public required IReadOnlyList<FiscalBudgetLine> Lines { get; init; }
}
