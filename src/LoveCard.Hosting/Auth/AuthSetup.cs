using System.Text;
using LoveCard.Hosting.Secrets;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace LoveCard.Hosting.Auth;

public static class AuthSetup
{
    public const string PeoplePolicy = "people";

    /// <summary>
    /// JWT bearer for people; terminals sign requests instead (settlement's own scheme). With
    /// <c>Auth:Authority</c> (the identity service) keys and issuer come from its discovery document
    /// and JWKS; the shared HMAC key is then still accepted in Development only (tests, the operator
    /// tool's tokens), and alone it is what a service without an authority uses.
    /// </summary>
    public static AuthOptions AddLoveCardAuth(
        this IServiceCollection services,
        IConfiguration configuration,
        IHostEnvironment environment
    )
    {
        var options = new AuthOptions();
        configuration.GetSection("Auth").Bind(options);
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            options.Authority = null;
        }

        ThrowIfUnsafe(options, configuration, environment);
        // The shared HMAC key signs tokens in Development only (tests, the operator tool's tokens);
        // everywhere else people's tokens come from identity, RS256 only (findings S-1, S-6).
        var acceptHmac = environment.IsDevelopment();
        services.AddSingleton(options);
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Authority = options.Authority;
                // Metadata over plain http only for a local authority (run.sh, tests); anything else needs https.
                o.RequireHttpsMetadata =
                    options.Authority is not null
                    && options.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                // A service started before identity retries discovery within half a minute, and a
                // roll-over's new key (published an hour before it signs) is fetched well in time.
                o.RefreshInterval = TimeSpan.FromSeconds(30);
                o.AutomaticRefreshInterval = TimeSpan.FromHours(1);
                // WWW-Authenticate says invalid_token and nothing more: why a token failed (expired, wrong
                // key, wrong audience) helps whoever forges one (finding S-5).
                o.IncludeErrorDetails = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    // With an authority, its discovery issuer is added to these by the handler.
                    ValidIssuer = acceptHmac ? options.Issuer : null,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = acceptHmac
                        ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey))
                        : null,
                    // Pinned: identity signs RS256; HS256 only for the Development key. HS384/HS512
                    // with the same key, "none" and any other algorithm are refused (finding S-6).
                    ValidAlgorithms = acceptHmac
                        ? [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.HmacSha256]
                        : [SecurityAlgorithms.RsaSha256],
                    RoleClaimType = LoveCardClaims.Role,
                    NameClaimType = LoveCardClaims.Subject,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        services
            .AddAuthorizationBuilder()
            .AddPolicy(PeoplePolicy, p => p.RequireAuthenticatedUser().RequireClaim(LoveCardClaims.Role, Roles.All));
        return options;
    }

    /// <summary>
    /// Outside Development tokens come from identity alone: an authority is required, and an HMAC
    /// key in the configuration is refused rather than ignored, since whoever set it believes it is
    /// used (a template's <c>CHANGE-ME…</c> was accepted before: finding S-1).
    /// </summary>
    private static void ThrowIfUnsafe(AuthOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!KeyRules.Enforced(environment))
        {
            return;
        }

        if (options.Authority is null)
        {
            throw new InvalidOperationException(
                "Auth:Authority (the identity service) is required outside Development; environment "
                    + $"{environment.EnvironmentName}."
            );
        }

        if (configuration["Auth:SigningKey"] is not null)
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is accepted in Development only; outside it tokens are checked against "
                    + "Auth:Authority. Remove the setting."
            );
        }
    }
}
