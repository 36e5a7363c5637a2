namespace LoveCard.Hosting.Auth;

/// <summary>
/// Who the self-service endpoints (<c>/api/me/…</c>) answer for: an elder for themself, an agent
/// for the elders its consent names (the <c>elders</c> claim, ADR 0010). Any other role is 403.
/// </summary>
public static class SelfServiceAccess
{
    /// <summary>
    /// The caller's elders, or only <paramref name="elderId"/> when given: 404 when that elder is not
    /// theirs, so another elder's id cannot be probed.
    /// </summary>
    public static IReadOnlyList<Guid> OwnElders(this Caller caller, Guid? elderId = null)
    {
        caller.RequireRole(Roles.Elder, Roles.Agent);
        IReadOnlyList<Guid> own =
            caller.Role == Roles.Elder
                ? caller.ElderId is { } self
                    ? [self]
                    : []
                : caller.AgentFor;
        if (elderId is { } wanted)
        {
            caller.RequireVisible(own.Contains(wanted), "Elder");
            return [wanted];
        }

        return own;
    }
}
