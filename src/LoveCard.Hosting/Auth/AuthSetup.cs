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

    /// <summary>JWT bearer for people; terminals sign requests instead (settlement's own scheme).</summary>
    public static AuthOptions AddLoveCardAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new AuthOptions();
        configuration.GetSection("Auth").Bind(options);
        if (environment.IsProduction() && options.Authority is null && options.SigningKey == AuthOptions.DevelopmentSigningKey)
        {
            throw new InvalidOperationException("Auth:SigningKey (or Auth:Authority) must be configured in Production; the development key is public.");
        }

        services.AddSingleton(options);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Authority = options.Authority;
                o.RequireHttpsMetadata = options.Authority is not null;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = options.Authority is null ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)) : null,
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
