namespace LoveCard.Contracts.Settlement;

/// <summary>
/// An allocation of the provincial charity fund (爱心卡慈善基金) over county charity funds was
/// approved by a second province user and posted: the province fund paid <see cref="AmountFen"/>,
/// each county's charity fund received its share, and the shares sum to the amount exactly.
/// AggregateId is the province fund's account key; the version counts its approved allocations.
/// </summary>
public sealed record CharityAllocationApproved : IntegrationEvent
{
    public required Guid AllocationId { get; init; }

    /// <summary>The province's division code (330000), where the fund belongs.</summary>
    public required string Province { get; init; }

    public required long AmountFen { get; init; }

    /// <summary>The province fund's balance after the allocation.</summary>
    public required long BalanceFen { get; init; }

    /// <summary>The weight of a mountain or island county and of any other, in thousandths.</summary>
    public required int MountainOrIslandWeightPermille { get; init; }

    public required int OtherWeightPermille { get; init; }

    public required IReadOnlyList<CharityAllocationShare> Shares { get; init; }

    public required string ProposedBy { get; init; }

    public required string ApprovedBy { get; init; }
}
