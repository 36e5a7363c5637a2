namespace LoveCard.Contracts.Identity;

/// <summary>The account can no longer sign in; its refresh tokens were revoked with the change.</summary>
public sealed record AccountDisabled : AccountEvent;
