using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>An allocation to propose (or preview): the amount in fen, optionally only over the named counties
/// (default: every county with eligible elders), and a note.</summary>
public sealed record CharityAllocationRequest(
    [property: Range(typeof(long), "1", "100000000000")] long? AmountFen,
    IReadOnlyList<string>? Counties,
    [property: StringLength(500)] string? Note
);
