using System.Security.Claims;
using LoveCard.Hosting.Auth;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// <c>POST /connect/token</c> after OpenIddict has checked the request: client credentials for machine
/// clients; the code and refresh grants re-read the account, so a disabled account or a changed role
/// gets no new token even from a refresh token that escaped revocation.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> ExchangeAsync(
        HttpContext http,
        IdentityServerOptions options,
        TokenPrincipals principals,
        CancellationToken ct
    )
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var client = options.MachineClients.FirstOrDefault(c => c.ClientId == request.ClientId);
            if (client is null || !Roles.All.Contains(client.Role))
            {
                return Refuse(Errors.UnauthorizedClient, "This client has no role configured.");
            }

            var identity = new ClaimsIdentity(
                TokenValidationParameters.DefaultAuthenticationType,
                Claims.Name,
                Claims.Role
            );
            identity.SetClaim(Claims.Subject, client.ClientId);
            identity.SetClaim(Claims.Role, client.Role);
            if (client.County is { Length: > 0 } county)
            {
                identity.SetClaim(LoveCardClaims.County, county);
            }

            identity.SetScopes(request.GetScopes().Intersect([ClientRegistrar.ApiScope]));
            identity.SetResources(options.Audience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(
                new ClaimsPrincipal(identity),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme
            );
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            var principal = subject is null
                ? null
                : await principals.ForSubjectAsync(subject, result.Principal!.GetScopes(), ct);
            return principal is null
                ? Refuse(Errors.InvalidGrant, "账号已停用或不再有效，请重新登录。")
                : Results.SignIn(
                    principal,
                    authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme
                );
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(
                new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
                }
            ),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]
        );
}
