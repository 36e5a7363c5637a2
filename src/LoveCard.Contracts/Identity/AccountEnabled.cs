namespace LoveCard.Contracts.Identity;

/// <summary>A disabled account may sign in again.</summary>
public sealed record AccountEnabled : AccountEvent;
