namespace LoveCard.Contracts.Identity;

/// <summary>
/// A family agent no longer acts for the elder: consent withdrawn at the cards service, or the link
/// ended at identity. The agent's refresh tokens were revoked with the change.
/// </summary>
public sealed record AgentUnlinked : AccountEvent
{
    public required Guid LinkedElderId { get; init; }

    public required string ElderCounty { get; init; }
}
