namespace LoveCard.Contracts.Eligibility;

/// <summary>
/// A subsidy policy version approved for a county (maker-checker), in force from
/// <see cref="EffectiveFrom"/> (Asia/Shanghai calendar day). AggregateId is <c>subsidy-policy:{county}</c>.
/// </summary>
public sealed record SubsidyPolicyPublished : IntegrationEvent
{
    public required string County { get; init; }

    public required int PolicyVersion { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    public required IReadOnlyList<CategoryPolicy> Categories { get; init; }

    public required string ProposedBy { get; init; }

    public required string ApprovedBy { get; init; }
}
