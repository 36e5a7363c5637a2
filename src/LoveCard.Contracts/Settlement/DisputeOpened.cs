namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A provider disputed one of its statement lines (DOMAIN.md §5): it says it is still owed
/// <see cref="ClaimedFen"/> of subsidy for the purchase (negative: it was overpaid). AggregateId is the
/// dispute id, version 1. Reason is the provider's reason as given.
/// </summary>
public sealed record DisputeOpened : IntegrationEvent
{
    public required Guid DisputeId { get; init; }

    public required Guid ProviderId { get; init; }

    /// <summary>The provider's county (its bureau resolves the dispute).</summary>
    public required string County { get; init; }

    public required Guid PurchaseId { get; init; }

    public required long ClaimedFen { get; init; }

    /// <summary>Always <c>open</c>.</summary>
    public required string Status { get; init; }

    public required string RaisedBy { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }
}
