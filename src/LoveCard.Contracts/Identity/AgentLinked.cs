namespace LoveCard.Contracts.Identity;

/// <summary>
/// A family agent's account now acts for an elder, through the consent the cards service recorded
/// (<see cref="ConsentId"/>). The agent's next token carries the elder in its <c>elders</c> claim.
/// </summary>
public sealed record AgentLinked : AccountEvent
{
    public required Guid LinkedElderId { get; init; }

    /// <summary>The elder's home county (the audit trail files the link there).</summary>
    public required string ElderCounty { get; init; }

    public required Guid ConsentId { get; init; }

    public string? Relation { get; init; }
}
