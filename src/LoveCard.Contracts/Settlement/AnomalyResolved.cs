namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A bureau confirmed or dismissed an anomaly (DOMAIN.md §8 "Credit"). Dismissing gives back the credit points
/// the anomaly cost the provider (the whitelist service books them as an event of their own); confirming keeps
/// them. AggregateId is the anomaly id, version 2 (after <see cref="AnomalyRaised"/>).
/// </summary>
public sealed record AnomalyResolved : IntegrationEvent
{
    public required Guid AnomalyId { get; init; }

    public required string Rule { get; init; }

    public required string County { get; init; }

    public Guid? ProviderId { get; init; }

    /// <summary><c>confirmed</c> or <c>dismissed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The points the anomaly cost when raised (<see cref="AnomalyRaised.CreditPoints"/>).</summary>
    public required int CreditPoints { get; init; }
}
