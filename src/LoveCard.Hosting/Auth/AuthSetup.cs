using System.Text;
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
    public static AuthOptions AddLoveCardAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new AuthOptions();
        configuration.GetSection("Auth").Bind(options);
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            options.Authority = null;
        }

        if (environment.IsProduction() && options.Authority is null && options.SigningKey == AuthOptions.DevelopmentSigningKey)
        {
            throw new InvalidOperationException("Auth:SigningKey (or Auth:Authority) must be configured in Production; the development key is public.");
        }

        var acceptHmac = options.Authority is null || environment.IsDevelopment();
        services.AddSingleton(options);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Authority = options.Authority;
                // Metadata over plain http only for a local authority (run.sh, tests); anything else needs https.
                o.RequireHttpsMetadata = options.Authority is not null && options.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                // A service started before identity retries discovery within half a minute, and a
                // roll-over's new key (published an hour before it signs) is fetched well in time.
                o.RefreshInterval = TimeSpan.FromSeconds(30);
                o.AutomaticRefreshInterval = TimeSpan.FromHours(1);
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    // With an authority, its discovery issuer is added to these by the handler.
                    ValidIssuer = acceptHmac ? options.Issuer : null,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = acceptHmac ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)) : null,
                    RoleClaimType = LoveCardClaims.Role,
                    NameClaimType = LoveCardClaims.Subject,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(PeoplePolicy, p => p.RequireAuthenticatedUser().RequireClaim(LoveCardClaims.Role, Roles.All));
        return options;
    }
}
