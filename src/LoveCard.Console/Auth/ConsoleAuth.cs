using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LoveCard.Console.Auth;

/// <summary>
/// Sign-in as a backend-for-frontend (ADR 0017): the OpenID Connect code flow with PKCE against the
/// identity service, the tokens kept server-side in <see cref="ServerTicketStore"/>, a cookie that
/// carries only the session key, and API calls made with the user's own access token.
/// </summary>
public static class ConsoleAuth
{
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Oidc = OpenIdConnectDefaults.AuthenticationScheme;

    public static IServiceCollection AddConsoleAuth(
        this IServiceCollection services,
        IConfiguration configuration,
        IHostEnvironment environment
    )
    {
        var options = new ConsoleAuthOptions();
        configuration.GetSection("Oidc").Bind(options);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddDistributedMemoryCache();
        services.AddSingleton<ServerTicketStore>();
        services.AddSingleton<TokenKeeper>();
        services.AddHttpClient(nameof(TokenKeeper));
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentUser>();
        services
            .AddOptions<CookieAuthenticationOptions>(Cookie)
            .Configure<ServerTicketStore>((cookie, store) => cookie.SessionStore = store);

        services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = Cookie;
                o.DefaultChallengeScheme = Oidc;
            })
            .AddCookie(Cookie, o =>
            {
                o.Cookie.Name = "lovecard.console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(options.SessionHours);
                // The ticket in the store holds the refreshed tokens; a sliding renewal would write back a stale copy.
                o.SlidingExpiration = false;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/forbidden";
            })
            .AddOpenIdConnect(Oidc, o => ConfigureOidc(o, options));
        services.AddAuthorization();
        return services;
    }

    private static void ConfigureOidc(OpenIdConnectOptions o, ConsoleAuthOptions options)
    {
        o.Authority = options.Authority;
        o.ClientId = options.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;
        o.ResponseType = "code";
        // The code comes back in the query of a GET: a form post from identity's site would need the
        // correlation cookies to be SameSite=None, which browsers refuse without HTTPS (local runs are http).
        o.ResponseMode = "query";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.UsePkce = true;
        o.SaveTokens = true;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        // The identity service runs on loopback over plain HTTP locally; anywhere else it is HTTPS.
        o.RequireHttpsMetadata = !IsLoopback(options.Authority);
        o.CallbackPath = "/signin-oidc";
        o.SignedOutCallbackPath = "/signout-callback-oidc";
        o.SignedOutRedirectUri = "/signed-out";
        o.Scope.Clear();
        foreach (var scope in options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            o.Scope.Add(scope);
        }

        o.TokenValidationParameters.NameClaimType = SessionClaims.Name;
        o.TokenValidationParameters.RoleClaimType = SessionClaims.Role;
        o.Events.OnTokenValidated = context =>
        {
            CopyAccessClaims(context.Principal!, context.TokenEndpointResponse?.AccessToken);
            context.Properties!.IsPersistent = false;
            context.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddHours(options.SessionHours);
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect("/signin-failed");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// The services authorise on the access token's claims (role, county, provider), so the console
    /// shows each person the workspace those claims open. The token came straight from identity's
    /// token endpoint over the back channel, so reading it without validating again is sound.
    /// </summary>
    public static void CopyAccessClaims(ClaimsPrincipal principal, string? accessToken)
    {
        if (principal.Identity is not ClaimsIdentity identity || accessToken is null)
        {
            return;
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(accessToken);
        }
        catch (ArgumentException)
        {
            return; // an encrypted or opaque token: the id token's claims must do
        }

        foreach (
            var type in new[]
            {
                SessionClaims.Role,
                SessionClaims.County,
                SessionClaims.Provider,
                SessionClaims.Name,
                SessionClaims.Area,
            }
        )
        {
            if (identity.FindFirst(type) is null && token.TryGetClaim(type, out var claim))
            {
                identity.AddClaim(new Claim(type, claim.Value));
            }
        }
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>Sign in (back to a local page afterwards) and sign out.</summary>
    public static WebApplication MapConsoleAuth(this WebApplication app)
    {
        app.MapGet("/signin", (string? returnUrl, HttpContext http) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl) })
            )
            .AllowAnonymous();
        // The cookie is SameSite=Lax, so a cross-site form cannot post it: sign-out needs no antiforgery token.
        app.MapPost("/signout", SignOutAsync).AllowAnonymous().DisableAntiforgery();

        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, TokenKeeper tokens)
    {
        var result = await http.AuthenticateAsync(Cookie);
        if (result.Principal?.FindFirst(SessionClaims.SessionKey)?.Value is { } key)
        {
            await tokens.EndAsync(key);
        }

        await http.SignOutAsync(Cookie);
        var usedOidc = result.Properties?.GetTokenValue("id_token") is not null;
        return usedOidc
            ? Results.SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" }, [Oidc])
            : Results.Redirect("/signed-out");
    }

    /// <summary>
    /// Only a path of this site: an open redirect would let a link send a clerk anywhere after sign-in.
    /// </summary>
    public static string LocalUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 }
        && returnUrl[0] == '/'
        && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
