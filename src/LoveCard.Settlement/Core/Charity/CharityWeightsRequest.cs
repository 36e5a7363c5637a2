using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>New allocation weights in thousandths (ADR 0043), the version they replace (the one the user read,
/// 0 for the configuration's) and why, for the audit trail.</summary>
public sealed record CharityWeightsRequest(
    [property: Range(0, int.MaxValue)] int? Version,
    [property: Range(1, 100_000)] int? MountainOrIslandWeightPermille,
    [property: Range(1, 100_000)] int? OtherWeightPermille,
    [property: StringLength(500)] string? Reason
);
