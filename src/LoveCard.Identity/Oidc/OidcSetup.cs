using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Secrets;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LoveCard.Identity.Oidc;

/// <summary>The OpenID Connect server: OpenIddict on its EF Core stores, keys from the database.</summary>
public static class OidcSetup
{
    public const string AuthorizeUri = "connect/authorize";
    public const string TokenUri = "connect/token";
    public const string EndSessionUri = "connect/endsession";

    public static IdentityServerOptions AddOidcServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = new IdentityServerOptions();
        builder.Configuration.GetSection("Identity").Bind(options);
        Validate(options, builder.Environment);
        services.AddSingleton(options);

        services.AddDbContext<OidcDbContext>(
            (sp, o) =>
            {
                o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>());
                o.UseOpenIddict();
            }
        );
        services.AddSingleton<TokenKeyStore>();
        services.AddSingleton<TokenKeyRing>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<TokenKeyRing>());
        services.AddSingleton<ClientRegistrar>();
        services.AddHostedService<TokenKeyLoader>();
        services.AddTransient<IStartupFilter, IdentityReadyGate>();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddDataProtection().SetApplicationName("lovecard-identity");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = sp.GetRequiredService<DataProtectionKeyStore>()
        ));

        services
            .AddOpenIddict()
            .AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<OidcDbContext>();
                // Tokens are revoked with SQL in the account's transaction (AccountStore); no cache may hide that.
                o.DisableEntityCaching();
            })
            .AddServer(o =>
            {
                o.SetIssuer(options.Issuer);
                o.SetAuthorizationEndpointUris(AuthorizeUri)
                    .SetTokenEndpointUris(TokenUri)
                    .SetEndSessionEndpointUris(EndSessionUri);
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                // S256 only: a plain challenge is the code verifier itself.
                o.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                o.AllowRefreshTokenFlow();
                // Strict rotation: a refresh token works once; reusing it is replay, and revokes its family.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                o.AllowClientCredentialsFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, ClientRegistrar.ApiScope);
                o.RegisterClaims(
                    Claims.Subject,
                    Claims.Role,
                    LoveCardClaims.County,
                    LoveCardClaims.Provider,
                    LoveCardClaims.Elder,
                    LoveCardClaims.Elders
                );
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.AccessTokenMinutes));
                o.SetRefreshTokenLifetime(TimeSpan.FromHours(options.RefreshTokenHours));
                o.SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2));
                // Plain signed JWTs, so the services validate them with the JWKS like any bearer token.
                o.DisableAccessTokenEncryption();
                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
                if (options.Issuer.Scheme == Uri.UriSchemeHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        // The identity service's own API takes its own tokens: keys straight from the ring, no discovery round trip.
        services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>>(sp => new PostConfigureOptions<JwtBearerOptions>(
            JwtBearerDefaults.AuthenticationScheme,
            o =>
            {
                var ring = sp.GetRequiredService<TokenKeyRing>();
                o.Authority = null;
                o.ConfigurationManager = null;
                o.Configuration = null;
                var p = o.TokenValidationParameters;
                p.ValidIssuers = [.. p.ValidIssuers ?? [], options.Issuer.AbsoluteUri];
                var hmac = p.IssuerSigningKey;
                p.IssuerSigningKeyResolver = (_, _, _, _) => ring.SigningKeys.Concat(hmac is null ? [] : [hmac]);
            }
        ));
        return options;
    }

    private static void Validate(IdentityServerOptions options, IHostEnvironment environment)
    {
        if (options.AccessTokenMinutes is < 1 or > 15 || options.AgentAccessTokenMinutes is < 1 or > 15)
        {
            throw new InvalidOperationException(
                "Identity:AccessTokenMinutes and Identity:AgentAccessTokenMinutes are 1 to 15 minutes."
            );
        }

        if (!KeyRules.Enforced(environment))
        {
            return;
        }

        if (options.Issuer.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException("Identity:Issuer must be an https address outside Development.");
        }

        // A machine client's secret is a key to the province role: no template value, no demo secret (finding S-1).
        KeyRules.ThrowIfAny(
            options
                .MachineClients.Where(m => m.ClientId.Length > 0)
                .Select(m =>
                    KeyRules.ProblemWithSecret($"Identity:MachineClients ({m.ClientId}) ClientSecret", m.ClientSecret)
                )
        );
    }
}
