namespace LoveCard.Contracts.Identity;

/// <summary>The account's role changed; its refresh tokens were revoked with the change.</summary>
public sealed record AccountRoleChanged : AccountEvent
{
    public required string PreviousAccountRole { get; init; }
}
