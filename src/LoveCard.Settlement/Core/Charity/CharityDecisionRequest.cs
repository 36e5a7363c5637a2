using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>Why an allocation is rejected (optional).</summary>
public sealed record CharityDecisionRequest([property: StringLength(500)] string? Note);
