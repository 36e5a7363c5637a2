namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// An allocation of the provincial charity fund: proposed by one province user, approved (posted) or
/// rejected by another; the shares were computed by the rule when it was proposed and are what approval posts.
/// </summary>
public sealed record CharityAllocationView(
    Guid AllocationId,
    long AmountFen,
    string? Note,
    string Status,
    int MountainOrIslandWeightPermille,
    int OtherWeightPermille,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    IReadOnlyList<CharityShareView> Shares
);
