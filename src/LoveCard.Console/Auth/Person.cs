using System.Security.Claims;

namespace LoveCard.Console.Auth;

/// <summary>Who is signed in, read from the session's claims.</summary>
public sealed record Person(
    string SessionKey,
    string Subject,
    string Name,
    string Role,
    string? County,
    Guid? ProviderId
)
{
    public static Person Of(ClaimsPrincipal principal) =>
        new(
            principal.FindFirst(SessionClaims.SessionKey)?.Value ?? "",
            principal.FindFirst(SessionClaims.Subject)?.Value ?? "",
            principal.FindFirst(SessionClaims.Name)?.Value ?? principal.FindFirst("preferred_username")?.Value ?? "",
            principal.FindFirst(SessionClaims.Role)?.Value ?? "",
            principal.FindFirst(SessionClaims.County)?.Value,
            Guid.TryParse(principal.FindFirst(SessionClaims.Provider)?.Value, out var provider) ? provider : null
        )
        {
            Area = principal.FindFirst(SessionClaims.Area)?.Value,
        };

    /// <summary>A township (9 digits) or village (12 digits) official's area (ADR 0044).</summary>
    public string? Area { get; init; }

    public bool IsTownship => Role == "township";

    public bool IsVillage => Role == "village";

    /// <summary>A township or village official: reads its area's elders, providers and anomalies, no money.</summary>
    public bool IsAreaOfficial => IsTownship || IsVillage;

    public bool IsProvince => Role == "province";

    public bool IsBureau => Role == "bureau";

    public bool IsAuditor => Role == "auditor";

    public bool IsOperator => Role == "operator";

    public bool IsProvider => Role == "provider";

    /// <summary>County staff who read a county (bureau, auditor, operator), or the province.</summary>
    public bool SeesCounties => IsProvince || IsBureau || IsAuditor || IsOperator;

    /// <summary>
    /// Bureau and province decide; auditors and operators only read (the services refuse them too),
    /// so their screens show no button that changes anything.
    /// </summary>
    public bool MayDecide => IsBureau || IsProvince;
}
