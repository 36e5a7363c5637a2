namespace LoveCard.Contracts.Identity;

/// <summary>An account was made (by an administrator, the bootstrap, or a consent that made a family agent).</summary>
public sealed record AccountCreated : AccountEvent;
