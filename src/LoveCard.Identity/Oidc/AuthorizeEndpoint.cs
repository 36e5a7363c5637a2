using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Extensions;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// <c>/connect/authorize</c> and <c>/connect/endsession</c> after OpenIddict has checked the client,
/// redirect URI and PKCE challenge: a person whose sign-in is complete gets a code; anyone else is
/// sent to the sign-in pages and comes back here.
/// </summary>
public static class AuthorizeEndpoint
{
    public static async Task<IResult> AuthorizeAsync(HttpContext http, TokenPrincipals principals, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await SignInSession.ReadAsync(http);
        var returnUrl =
            http.Request.PathBase
            + http.Request.Path
            + QueryString.Create(
                http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList()
            );
        if (
            session is not { Stage: SignInSession.Complete } complete
            || request.HasPromptValue(OpenIddictConstants.PromptValues.Login)
        )
        {
            if (request.HasPromptValue(OpenIddictConstants.PromptValues.None))
            {
                return Results.Forbid(
                    new AuthenticationProperties(
                        new Dictionary<string, string?>
                        {
                            [OpenIddictServerAspNetCoreConstants.Properties.Error] = OpenIddictConstants
                                .Errors
                                .LoginRequired,
                            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] =
                                "The user is not signed in.",
                        }
                    ),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]
                );
            }

            return Results.Redirect("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        var principal = await principals.ForSubjectAsync(complete.AccountId.ToString(), request.GetScopes(), ct);
        if (principal is null)
        {
            // Disabled since the cookie was made: the session ends here.
            await SignInSession.SignOutAsync(http);
            return Results.Redirect("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await SignInSession.SignOutAsync(http);
        // OpenIddict redirects to the client's registered post_logout_redirect_uri, or to this page when none was
        // given.
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/account/signed-out" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]
        );
    }
}
