namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A recovery was approved by a second user and booked (DOMAIN.md §8 "Recovery"): each source's share went
/// back to its fund and the provider's payable fell by <see cref="AmountFen"/>, a <c>recovery</c> line on its
/// statement. AggregateId is the recovery id, version 2.
/// </summary>
public sealed record RecoveryApproved : IntegrationEvent
{
    public required Guid RecoveryId { get; init; }

    public required string County { get; init; }

    public required Guid ProviderId { get; init; }

    public required long AmountFen { get; init; }

    public required long FiscalFen { get; init; }

    public required long CollectiveFen { get; init; }

    public required long CharityFen { get; init; }

    public required DateTimeOffset BookedAt { get; init; }
}
