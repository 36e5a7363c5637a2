using LoveCard.Hosting;
using LoveCard.Identity.Accounts;
using LoveCard.Identity.Oidc;
using LoveCard.Identity.SignIn;

namespace LoveCard.Identity;

/// <summary>
/// The identity service: people's accounts (staff, provider staff, elders, family agents), who may
/// create whose, sign-in with two factors, and the OpenID Connect server whose tokens the other
/// services accept (authorization code + PKCE, refresh tokens, client credentials; JWKS).
/// </summary>
public static class IdentityApp
{
    public static readonly ServiceDefinition Definition = new("identity", "identity", 5105, typeof(IdentityApp).Assembly);

    /// <summary>Builds the service; tests pass <paramref name="configure"/> to override settings or the clock.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(IdentityApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddLoveCardDefaults(Definition);
        builder.AddOidcServer();
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services.AddSignInCookie();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<TokenPrincipals>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        app.MapOidcEndpoints();
        return app;
    }
}
