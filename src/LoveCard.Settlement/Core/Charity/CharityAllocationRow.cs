using LoveCard.Hosting;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>A row of <c>charity_allocations</c>.</summary>
public sealed class CharityAllocationRow
{
    public Guid AllocationId { get; init; }

    public long AmountFen { get; init; }

    public string? Note { get; init; }

    public string Status { get; init; } = "";

    public int MountainOrIslandWeightPermille { get; init; }

    public int OtherWeightPermille { get; init; }

    public string ProposedBy { get; init; } = "";

    public DateTime ProposedAt { get; init; }

    public string? DecidedBy { get; init; }

    public DateTime? DecidedAt { get; init; }

    public string? DecisionNote { get; init; }

    public string RequestHash { get; init; } = "";

    public CharityAllocationView ToView(IReadOnlyList<CharityShareView> shares) =>
        new(
            AllocationId,
            AmountFen,
            Note,
            Status,
            MountainOrIslandWeightPermille,
            OtherWeightPermille,
            ProposedBy,
            Shanghai.FromUtc(ProposedAt),
            DecidedBy,
            DecidedAt is { } d ? Shanghai.FromUtc(d) : null,
            DecisionNote,
            shares
        );
}
