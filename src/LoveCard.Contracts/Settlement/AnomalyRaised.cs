namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A supervision rule found a suspected misuse of subsidy money (DOMAIN.md §6). The whitelist
/// service books <see cref="CreditPoints"/> against the provider's credit score, once per anomaly.
/// AggregateId is the anomaly id.
/// </summary>
public sealed record AnomalyRaised : IntegrationEvent
{
    public required Guid AnomalyId { get; init; }

    /// <summary>The rule's stable code, e.g. <c>meals_per_day</c>.</summary>
    public required string Rule { get; init; }

    public required string County { get; init; }

    public Guid? ProviderId { get; init; }

    public Guid? CardId { get; init; }

    public Guid? PurchaseId { get; init; }

    /// <summary>Points to deduct from the provider's credit score (0 when the rule concerns only the card).</summary>
    public required int CreditPoints { get; init; }

    /// <summary>The evidence as JSON text, without unmasked personal data.</summary>
    public required string Evidence { get; init; }
}
