using LoveCard.Contracts;

namespace LoveCard.Identity.Accounts;

/// <summary>Who changes an account, why, and from which address (carried by every account event).</summary>
public sealed record AccountChangeContext(Actor Actor, string Reason, string? RemoteAddress);
