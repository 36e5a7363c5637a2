namespace LoveCard.Contracts.Cards;

/// <summary>
/// The state every card event carries, so that settlement can decide at the terminal without
/// calling the cards service back. AggregateId is the card id.
/// </summary>
public abstract record CardEvent : IntegrationEvent
{
    public required Guid CardId { get; init; }

    public required Guid ElderId { get; init; }

    public required string HomeCounty { get; init; }

    /// <summary>The current 9-character card number.</summary>
    public required string CardNumber { get; init; }

    /// <summary>One of <see cref="CardStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Why the card is in that status (e.g. <c>lost</c>, <c>death</c>), or null.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Benefit modules merged into the card (<c>elder</c>, <c>preferential_care</c>, <c>bus</c>).</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];
}
