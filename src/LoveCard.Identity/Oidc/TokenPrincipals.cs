using System.Collections.Immutable;
using System.Security.Claims;
using LoveCard.Hosting.Auth;
using LoveCard.Identity.Accounts;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// The claims of a person's tokens, read afresh from the account every time a token is issued
/// (sign-in, code exchange, refresh): exactly the claims the services check (<c>sub</c>, <c>role</c>,
/// <c>county</c>, <c>area</c>, <c>provider</c>, <c>elder</c>, <c>elders</c>), the audience they expect, and the
/// shorter lifetime for agents. Null when the account may not have a token (disabled, unknown).
/// </summary>
public sealed class TokenPrincipals(AccountStore accounts, IdentityServerOptions options)
{
    public async Task<ClaimsPrincipal?> ForSubjectAsync(
        string subject,
        ImmutableArray<string> scopes,
        CancellationToken ct
    )
    {
        if (
            !Guid.TryParse(subject, out var accountId)
            || await accounts.FindAsync(accountId, ct) is not { IsActive: true } account
        )
        {
            return null;
        }

        return await ForAccountAsync(account, scopes, ct);
    }

    public async Task<ClaimsPrincipal> ForAccountAsync(
        Account account,
        IEnumerable<string> scopes,
        CancellationToken ct
    )
    {
        var identity = new ClaimsIdentity(
            TokenValidationParameters.DefaultAuthenticationType,
            Claims.Name,
            Claims.Role
        );
        identity.SetClaim(Claims.Subject, account.Subject);
        identity.SetClaim(Claims.Name, account.DisplayName);
        identity.SetClaim(Claims.Role, AccountRoles.TokenRole(account.AccountRole));
        var county =
            account.AccountRole == AccountRoles.Elder && account.ElderId is { } elder
                ? await accounts.ElderCountyAsync(elder, ct) ?? account.County
                : account.County;
        if (county is not null)
        {
            identity.SetClaim(LoveCardClaims.County, county);
        }

        if (AccountRoles.IsAreaRole(account.AccountRole) && account.Area is { } area)
        {
            identity.SetClaim(LoveCardClaims.Area, area);
        }

        if (account.ProviderId is { } provider)
        {
            identity.SetClaim(LoveCardClaims.Provider, provider.ToString());
        }

        if (account.AccountRole == AccountRoles.Elder && account.ElderId is { } own)
        {
            identity.SetClaim(LoveCardClaims.Elder, own.ToString());
        }

        if (account.AccountRole == AccountRoles.Agent && account.PhoneHash is { } phone)
        {
            identity.SetClaim(LoveCardClaims.Elders, string.Join(' ', await accounts.AgentEldersAsync(phone, ct)));
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(options.Audience);
        if (account.AccountRole == AccountRoles.Agent)
        {
            // An unlinked elder leaves an agent's hands when this token expires (docs/identity.md).
            principal.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.AgentAccessTokenMinutes));
        }

        identity.SetDestinations(claim =>
            claim.Type == Claims.Name
                ? [Destinations.IdentityToken]
                : [Destinations.AccessToken, Destinations.IdentityToken]
        );
        return principal;
    }
}
