using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>A donation into the provincial charity fund: the amount in fen and a note (the donor, the
/// receipt).</summary>
public sealed record DonationRequest(
    [property: Range(typeof(long), "1", "100000000000")] long? AmountFen,
    [property: StringLength(500)] string? Note
);
