using System.Text.Encodings.Web;
using System.Text.Unicode;
using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;
using LoveCard.Identity.Accounts;
using LoveCard.Identity.Agents;
using LoveCard.Identity.Federation;
using LoveCard.Identity.Oidc;
using LoveCard.Identity.ReadModels;
using LoveCard.Identity.SignIn;
using LoveCard.Identity.Sms;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.WebEncoders;

namespace LoveCard.Identity;

/// <summary>
/// The identity service: people's accounts (staff, provider staff, elders, family agents), who may
/// create whose, sign-in with two factors, and the OpenID Connect server whose tokens the other
/// services accept (authorization code + PKCE, refresh tokens, client credentials; JWKS).
/// </summary>
public static class IdentityApp
{
    public static readonly ServiceDefinition Definition = new(
        "identity",
        "identity",
        5105,
        typeof(IdentityApp).Assembly
    );

    /// <summary>
    /// Builds the service; tests pass <paramref name="configure"/> to override settings or the clock.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                Args = args,
                ApplicationName = typeof(IdentityApp).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            }
        );
        if (!builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Auth:Authority"]))
        {
            // Outside Development the platform requires an authority; identity's own is itself (it reads
            // its keys from the ring, OidcSetup), so it needs no setting of its own for that.
            builder.Configuration["Auth:Authority"] = builder.Configuration["Identity:Issuer"]
                ?? "https://127.0.0.1:5105";
        }

        builder.AddLoveCardDefaults(Definition, bus =>
        {
            bus.AddConsumer<ElderRegisteredConsumer>();
            bus.AddConsumer<ElderClassifiedConsumer>();
            bus.AddConsumer<ElderRegisteredPackConsumer>();
            bus.AddConsumer<ElderClassifiedPackConsumer>();
            bus.AddConsumer<ProviderWhitelistedConsumer>();
            bus.AddConsumer<ProviderSuspendedConsumer>();
            bus.AddConsumer<ProviderExitedConsumer>();
            bus.AddConsumer<CardConsentRecordedConsumer>();
        });
        builder.AddOidcServer();
        builder.AddFederation();
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        AddSignIn(builder);
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<AccountAdministration>();
        builder.Services.AddSingleton<AccountCreation>();
        builder.Services.AddSingleton<AgentLinks>();
        builder.Services.AddSingleton<TokenPrincipals>();
        builder.Services.AddSingleton<IScheduledJob, SigningKeyRotationJob>();
        builder.Services.AddRazorPages();
        // The pages are Chinese: write it as characters, not as &#x...; entities.
        builder.Services.Configure<WebEncoderOptions>(o =>
            o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All)
        );
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        app.MapOidcEndpoints();
        app.MapRazorPages();
        app.MapAccountsApi();
        app.MapAgentsApi();
        app.MapSigningKeysApi();
        return app;
    }

    private static void AddSignIn(WebApplicationBuilder builder)
    {
        var signIn = new SignInOptions();
        builder.Configuration.GetSection("Identity:SignIn").Bind(signIn);
        builder.Services.AddSingleton(signIn);
        var bootstrap = new BootstrapOptions();
        builder.Configuration.GetSection("Identity:Bootstrap").Bind(bootstrap);
        builder.Services.AddSingleton(bootstrap);
        builder.Services.AddSingleton<Bootstrap>();
        builder.Services.AddSignInCookie();
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddSingleton<EnrolmentStore>();
        builder.Services.AddSingleton<SmsCodes>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<ISmsSender, DevelopmentSmsSender>();
        }
        else
        {
            // A real gateway registers its own ISmsSender (docs/identity.md); TryAdd leaves it in place.
            builder.Services.TryAddSingleton<ISmsSender, UnconfiguredSmsSender>();
        }
    }
}
