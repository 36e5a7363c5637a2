using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>One line as a bureau names it: a code (lower-case letters, digits, <c>-</c>, <c>_</c>), a name and
/// its categories.</summary>
public sealed record BudgetLineInput(
    [property: StringLength(32, ErrorMessage = "invalid_line_code")] string? Code,
    [property: StringLength(50)] string? Name,
    IReadOnlyList<int>? Categories
);
