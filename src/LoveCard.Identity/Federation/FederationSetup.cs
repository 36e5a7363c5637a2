using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace LoveCard.Identity.Federation;

/// <summary>
/// Registers the external provider (when <c>Identity:Federation:Enabled</c>) as an OpenID Connect scheme with its own
/// short cookie.
/// </summary>
public static class FederationSetup
{
    public const string Scheme = "federation";
    public const string CookieScheme = "lovecard-external";

    public static FederationOptions AddFederation(this WebApplicationBuilder builder)
    {
        var options = new FederationOptions();
        builder.Configuration.GetSection("Identity:Federation").Bind(options);
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return options;
        }

        builder
            .Services.AddAuthentication()
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "lovecard.external";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddOpenIdConnect(Scheme, o =>
            {
                o.SignInScheme = CookieScheme;
                o.Authority = options.Authority;
                o.RequireHttpsMetadata = options.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                o.ClientId = options.ClientId;
                o.ClientSecret = options.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.CallbackPath = "/signin-federation";
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.Scope.Clear();
                foreach (var scope in options.Scopes)
                {
                    o.Scope.Add(scope);
                }
            });
        return options;
    }
}
