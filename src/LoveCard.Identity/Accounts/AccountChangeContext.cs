using LoveCard.Contracts;

namespace LoveCard.Identity.Accounts;

/// <summary>Who changes an account, why, and from which address (carried by every account event).</summary>
public sealed record AccountChangeContext(Actor Actor, string Reason, string? RemoteAddress)
{
    /// <summary>The change an administrator (<paramref name="grantor"/>) makes through the API.</summary>
    public static AccountChangeContext By(HttpContext http, Grantor grantor, string reason) =>
        new(new Actor(ActorKinds.User, grantor.Subject), reason, http.Connection.RemoteIpAddress?.ToString());
}
