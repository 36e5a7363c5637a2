namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A bureau user proposed recovering (追回) the subsidy a provider still holds on named purchases
/// (DOMAIN.md §8 "Recovery"); another user approves it. AggregateId is the recovery id, version 1.
/// </summary>
public sealed record RecoveryProposed : IntegrationEvent
{
    public required Guid RecoveryId { get; init; }

    /// <summary>The provider's county, whose bureau supervises it.</summary>
    public required string County { get; init; }

    public required Guid ProviderId { get; init; }

    public Guid? AnomalyId { get; init; }

    public required IReadOnlyList<Guid> PurchaseIds { get; init; }

    /// <summary>What the provider held on those purchases when proposed (fiscal + collective + charity).</summary>
    public required long ProposedFen { get; init; }
}
