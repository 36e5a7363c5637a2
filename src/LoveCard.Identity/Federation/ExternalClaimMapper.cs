using System.Security.Claims;
using LoveCard.Identity.Accounts;

namespace LoveCard.Identity.Federation;

/// <summary>
/// Turns the external provider's claims into a LoveCard staff role and county. Only the
/// province's and counties' staff roles can come this way (a provider's staff are made by their
/// admin), a county role needs a county, and anything unmapped is refused with the reason.
/// </summary>
public static class ExternalClaimMapper
{
    public sealed record Mapped(
        string Issuer,
        string Subject,
        string AccountRole,
        string? County,
        string DisplayName,
        bool SecondFactorDone
    );

    public static (Mapped? Staff, string? Refusal) Map(ClaimsPrincipal external, FederationOptions options)
    {
        var subject = external.FindFirst("sub")?.Value;
        var issuer = external.FindFirst("iss")?.Value ?? external.FindFirst("sub")?.Issuer;
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(issuer))
        {
            return (null, "no subject");
        }

        var posts = external.FindAll(options.RoleClaim).Select(c => c.Value).ToList();
        var role = posts.Select(p => options.RoleMap.GetValueOrDefault(p)).FirstOrDefault(r => r is not null);
        // Township and village officials are made by their bureau with their area (ADR 0044), not federated.
        if (
            role is null
            || !AccountRoles.Staff.Contains(role)
            || AccountRoles.IsProviderRole(role)
            || AccountRoles.IsAreaRole(role)
        )
        {
            return (null, $"post not mapped to a LoveCard role: {string.Join(",", posts)}");
        }

        string? county = null;
        if (role != AccountRoles.ProvinceAdmin)
        {
            var division = external.FindFirst(options.CountyClaim)?.Value?.Trim();
            if (
                division is not { Length: >= 6 }
                || !division[..6].All(char.IsAsciiDigit)
                || !division.StartsWith("33", StringComparison.Ordinal)
            )
            {
                return (null, "no Zhejiang county code for a county role");
            }

            county = division[..6];
        }

        var name = external.FindFirst(options.NameClaim)?.Value ?? subject;
        var secondFactor = external.FindAll("amr").Any(c => options.SecondFactorAmr.Contains(c.Value));
        return (new Mapped(issuer, subject, role, county, name, secondFactor), null);
    }
}
