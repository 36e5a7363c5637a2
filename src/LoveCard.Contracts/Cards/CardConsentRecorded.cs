namespace LoveCard.Contracts.Cards;

/// <summary>
/// A consent given or withdrawn on a card (DOMAIN.md §1), as the cards service recorded it.
/// AggregateId is the card id and AggregateVersion the card's version after the change (the same
/// change also publishes <see cref="CardActivated"/> or <see cref="CardSuspended"/>). The identity
/// service links a family agent to the elder from it: an agent is matched by the keyed hash of their
/// mobile number (the same hash key in every service), never by the number itself.
/// </summary>
public sealed record CardConsentRecorded : IntegrationEvent
{
    public required Guid CardId { get; init; }

    public required Guid ElderId { get; init; }

    public required string HomeCounty { get; init; }

    public required Guid ConsentId { get; init; }

    /// <summary><c>given</c> or <c>withdrawn</c>.</summary>
    public required string Action { get; init; }

    /// <summary><c>elder</c> or <c>agent</c>.</summary>
    public required string GivenBy { get; init; }

    /// <summary>Keyed hash of the agent's normalised mobile number; null when the elder acted.</summary>
    public string? AgentPhoneHash { get; init; }

    public string? AgentPhoneMasked { get; init; }

    public string? AgentRelation { get; init; }
}
