using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LoveCard.Identity.SignIn;

/// <summary>
/// The identity service's own sign-in cookie. It names the account and how far sign-in has got:
/// <see cref="Complete"/> only after every required step (password, a changed initial password,
/// TOTP enrolment, the TOTP or SMS code); the authorize endpoint issues a code for nothing less.
/// </summary>
public static class SignInSession
{
    public const string Scheme = "lovecard-signin";
    public const string StageClaim = "stage";
    public const string Complete = "complete";
    public const string NeedsPasswordChange = "password_change";
    public const string NeedsTotpEnrolment = "totp_enrolment";
    public const string NeedsTotp = "totp";

    public static Task SignInAsync(HttpContext http, Guid accountId, string stage, string method)
    {
        var identity = new ClaimsIdentity(
            [new Claim("sub", accountId.ToString()), new Claim(StageClaim, stage), new Claim("amr", method)],
            Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    public static async Task<(Guid AccountId, string Stage)?> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || !Guid.TryParse(result.Principal.FindFirst("sub")?.Value, out var id))
        {
            return null;
        }

        return (id, result.Principal.FindFirst(StageClaim)?.Value ?? "");
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    public static void AddSignInCookie(this IServiceCollection services) =>
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "lovecard.identity";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/login";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = false;
        });
}
