using System.Security.Claims;
using LoveCard.Identity.Accounts;
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

    public sealed record State(Guid AccountId, string Stage, bool TotpPassed);

    public static Task SignInAsync(HttpContext http, Guid accountId, string stage, bool totpPassed)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim("sub", accountId.ToString()),
                new Claim(StageClaim, stage),
                new Claim("totp", totpPassed ? "1" : "0"),
            ],
            Scheme
        );
        return http.SignInAsync(
            Scheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = false }
        );
    }

    public static async Task<State?> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || !Guid.TryParse(result.Principal.FindFirst("sub")?.Value, out var id))
        {
            return null;
        }

        return new State(
            id,
            result.Principal.FindFirst(StageClaim)?.Value ?? "",
            result.Principal.FindFirst("totp")?.Value == "1"
        );
    }

    /// <summary>Where sign-in goes after a step: a forced password change, then the second factor, then done.</summary>
    public static string NextStage(Account account, bool totpPassed) =>
        account.MustChangePassword ? NeedsPasswordChange
        : (AccountRoles.RequiresTotp(account.AccountRole) || account.TotpEnrolled) && !totpPassed
            ? account.TotpEnrolled ? NeedsTotp
                : NeedsTotpEnrolment
        : Complete;

    public static string PageFor(string stage) =>
        stage switch
        {
            NeedsPasswordChange => "/account/change-password",
            NeedsTotp => "/account/two-factor",
            NeedsTotpEnrolment => "/account/enrol-two-factor",
            _ => "/account",
        };

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    public static void AddSignInCookie(this IServiceCollection services) =>
        services
            .AddAuthentication()
            .AddCookie(Scheme, o =>
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
