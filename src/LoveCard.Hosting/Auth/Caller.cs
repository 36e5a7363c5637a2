using System.Security.Claims;
using LoveCard.Hosting.Errors;

namespace LoveCard.Hosting.Auth;

/// <summary>
/// The authenticated person behind a request, with the object checks every endpoint makes: a
/// bureau acts on its own county, a provider on its own data, an elder on their own card
/// (ARCHITECTURE.md, "Auth"). Checks on an object that belongs elsewhere answer 404, so ids of other
/// counties' objects cannot be probed; checks on a county-wide collection answer 403.
/// </summary>
public sealed record Caller(
    string Subject,
    string Role,
    string? County,
    Guid? ProviderId,
    Guid? ElderId,
    IReadOnlyList<Guid> AgentFor
)
{
    public static Caller From(ClaimsPrincipal user)
    {
        var role = user.FindFirst(LoveCardClaims.Role)?.Value ?? throw new ForbiddenException("The token has no role.");
        return new Caller(
            user.FindFirst(LoveCardClaims.Subject)?.Value ?? "unknown",
            role,
            user.FindFirst(LoveCardClaims.County)?.Value,
            Guid.TryParse(user.FindFirst(LoveCardClaims.Provider)?.Value, out var provider) ? provider : null,
            Guid.TryParse(user.FindFirst(LoveCardClaims.Elder)?.Value, out var elder) ? elder : null,
            (user.FindFirst(LoveCardClaims.Elders)?.Value ?? "")
                .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
                .Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty)
                .Where(g => g != Guid.Empty)
                .ToArray()
        )
        {
            Area = user.FindFirst(LoveCardClaims.Area)?.Value,
        };
    }

    /// <summary>
    /// A township (9 digits) or village (12 digits) official's division code, inside <see cref="County"/>
    /// (ADR 0044); null for everyone else.
    /// </summary>
    public string? Area { get; init; }

    /// <summary>A township or village official with a well-formed area in its own county.</summary>
    public bool IsAreaOfficial =>
        Is(Roles.Township, Roles.Village)
        && County is { Length: 6 } county
        && Area is { } area
        && area.Length == (Role == Roles.Township ? 9 : 12)
        && area.StartsWith(county, StringComparison.Ordinal)
        && area.All(char.IsAsciiDigit);

    /// <summary>
    /// The area an official reads, or null for any other caller: elders of villages that start with it,
    /// providers of the township it lies in.
    /// </summary>
    public string? AreaPrefix => IsAreaOfficial ? Area : null;

    /// <summary>The township (9 digits) of an area official: where the providers it reads are placed.</summary>
    public string? AreaTownship => IsAreaOfficial ? Area![..9] : null;

    /// <summary>An area official whose area holds <paramref name="villageCode"/> of
    /// <paramref name="county"/>.</summary>
    public bool CoversVillage(string county, string? villageCode) =>
        IsAreaOfficial
        && County == county
        && villageCode is not null
        && villageCode.StartsWith(Area!, StringComparison.Ordinal);

    /// <summary>An area official whose township is <paramref name="township"/> of <paramref name="county"/>.</summary>
    public bool CoversTownship(string county, string? township) =>
        IsAreaOfficial && County == county && township is not null && township == AreaTownship;

    public bool IsProvince => Role == Roles.Province;

    public bool Is(params string[] roles) => roles.Contains(Role);

    /// <summary>Province sees every county; bureau, operator and auditor only the county in their token.</summary>
    public bool CoversCounty(string county) =>
        IsProvince || (Is(Roles.Bureau, Roles.Operator, Roles.Auditor) && County == county);

    public bool ActsForElder(Guid elderId) =>
        (Role == Roles.Elder && ElderId == elderId) || (Role == Roles.Agent && AgentFor.Contains(elderId));

    /// <summary>403 unless the caller has one of <paramref name="roles"/>.</summary>
    public Caller RequireRole(params string[] roles)
    {
        if (!roles.Contains(Role))
        {
            throw new ForbiddenException(
                $"The role '{Role}' may not do this; it needs one of: {string.Join(", ", roles)}."
            );
        }

        return this;
    }

    /// <summary>403 unless the caller covers <paramref name="county"/> (for county-wide collections and
    /// actions).</summary>
    public Caller RequireCounty(string county)
    {
        if (!CoversCounty(county))
        {
            throw new ForbiddenException($"You may act on your own county only, not {county}.");
        }

        return this;
    }

    /// <summary>
    /// 403 unless the caller covers <paramref name="county"/>, or is an area official of it (whose reads the
    /// endpoint then narrows to <see cref="AreaPrefix"/>).
    /// </summary>
    public Caller RequireCountyOrArea(string county)
    {
        if (!CoversCounty(county) && !(IsAreaOfficial && County == county))
        {
            throw new ForbiddenException($"You may read your own county or area only, not {county}.");
        }

        return this;
    }

    /// <summary>404 unless the object of <paramref name="county"/> is visible to the caller.</summary>
    public void RequireVisible(bool visible, string what)
    {
        if (!visible)
        {
            throw new NotFoundException(what);
        }
    }
}
