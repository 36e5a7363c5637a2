using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;

namespace LoveCard.Whitelist.Providers;

/// <summary>
/// Who may see and act on a provider (ARCHITECTURE.md, "Auth"): the bureau of its county (and the
/// province) decide; a provider sees and edits only its own items, terminals and care workers;
/// operators and auditors of the county may read. A provider the caller may not see is a 404, so
/// ids of other counties' providers cannot be probed.
/// </summary>
public static class ProviderAccess
{
    public static bool IsSelf(Caller caller, Guid providerId) =>
        caller.Role == Roles.Provider && caller.ProviderId == providerId;

    public static bool CanSee(Caller caller, ProviderRow provider) =>
        caller.CoversCounty(provider.County) || IsSelf(caller, provider.Id);

    /// <summary>
    /// The reads a township or village official makes (the provider itself and the list, nothing else): the
    /// providers placed in its township (ADR 0044), besides everyone <see cref="CanSee"/> lets in.
    /// </summary>
    public static bool CanRead(Caller caller, ProviderRow provider) =>
        CanSee(caller, provider) || caller.CoversTownship(provider.County, provider.Township);

    /// <summary>Unmasked contact details for those who deal with the provider: its bureau, the province,
    /// itself.</summary>
    public static bool SeesContact(Caller caller, ProviderRow provider) =>
        IsSelf(caller, provider.Id)
        || (caller.Is(Roles.Bureau, Roles.Province) && caller.CoversCounty(provider.County));

    public static void RequireVisible(Caller caller, ProviderRow? provider)
    {
        if (provider is null || !CanSee(caller, provider))
        {
            throw new NotFoundException("Provider");
        }
    }

    /// <summary>Workflow, credit events: the bureau of the provider's county, or the province.</summary>
    public static void RequireBureau(Caller caller, ProviderRow provider)
    {
        RequireVisible(caller, provider);
        if (!caller.Is(Roles.Bureau, Roles.Province))
        {
            throw new ForbiddenException("Only the bureau of the provider's county may do this.");
        }
    }

    /// <summary>Items, terminals, care workers: the provider itself, or the bureau of its county (or the
    /// province).</summary>
    public static void RequireManager(Caller caller, ProviderRow provider)
    {
        RequireVisible(caller, provider);
        if (!IsSelf(caller, provider.Id) && !caller.Is(Roles.Bureau, Roles.Province))
        {
            throw new ForbiddenException("Only the provider itself or the bureau of its county may do this.");
        }
    }
}
