namespace LoveCard.Contracts.Settlement;

/// <summary>
/// The province changed the provincial charity fund's allocation weights (ADR 0043), in thousandths: a mountain or
/// island county's and any other county's, with the weights they replace. AggregateId is
/// <c>charity-weights:330000</c>; the version is the weights' version. Allocations proposed afterwards use them;
/// earlier ones keep the weights they stored.
/// </summary>
public sealed record CharityWeightsChanged : IntegrationEvent
{
    /// <summary>The province's division code, 330000.</summary>
    public required string Province { get; init; }

    public required int MountainOrIslandWeightPermille { get; init; }

    public required int OtherWeightPermille { get; init; }

    public required int PreviousMountainOrIslandWeightPermille { get; init; }

    public required int PreviousOtherWeightPermille { get; init; }
}
