using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>The county's lines, whole (an empty list removes them all), and optionally why, for the audit trail
/// (ADR 0043).</summary>
public sealed record BudgetLinesRequest(
    IReadOnlyList<BudgetLineInput>? Lines,
    [property: StringLength(500)] string? Reason = null
);
