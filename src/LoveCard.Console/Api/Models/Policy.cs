namespace LoveCard.Console.Api;

/// <summary>A subsidy policy version: <c>proposed</c> (waiting for the checker) or <c>published</c>.</summary>
public sealed record Policy(
    string County,
    int Version,
    DateOnly EffectiveFrom,
    IReadOnlyList<LoveCard.Contracts.Eligibility.CategoryPolicy> Categories,
    string Status,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string Reason,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt
);
