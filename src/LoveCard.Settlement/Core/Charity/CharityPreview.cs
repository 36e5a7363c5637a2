namespace LoveCard.Settlement.Core.Charity;

/// <summary>What each county would receive of <see cref="AmountFen"/> now, by the rule and the current data; the
/// province fund's balance beside it.</summary>
public sealed record CharityPreview(
    long AmountFen,
    long FundBalanceFen,
    int MountainOrIslandWeightPermille,
    int OtherWeightPermille,
    IReadOnlyList<CharityShareView> Shares
);
