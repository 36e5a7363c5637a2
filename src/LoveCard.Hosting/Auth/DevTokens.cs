using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace LoveCard.Hosting.Auth;

/// <summary>Mints bearer tokens signed with the configured key: for people calling the APIs by hand, and for
/// tests.</summary>
public static class DevTokens
{
    public static string Mint(
        AuthOptions options,
        string role,
        string? county = null,
        Guid? provider = null,
        string? subject = null,
        Guid? elder = null,
        IEnumerable<Guid>? elders = null,
        TimeSpan? lifetime = null,
        string? area = null
    )
    {
        var claims = new List<Claim>
        {
            new(LoveCardClaims.Role, role),
            new(
                LoveCardClaims.Subject,
                subject ?? $"{role}-{county ?? provider?.ToString() ?? elder?.ToString() ?? "user"}"
            ),
        };
        if (county is not null)
        {
            claims.Add(new Claim(LoveCardClaims.County, county));
        }

        if (provider is not null)
        {
            claims.Add(new Claim(LoveCardClaims.Provider, provider.Value.ToString()));
        }

        if (elder is not null)
        {
            claims.Add(new Claim(LoveCardClaims.Elder, elder.Value.ToString()));
        }

        if (elders is not null)
        {
            claims.Add(new Claim(LoveCardClaims.Elders, string.Join(' ', elders)));
        }

        if (area is not null)
        {
            claims.Add(new Claim(LoveCardClaims.Area, area));
        }

        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey));
        var token = new JwtSecurityToken(
            options.Issuer,
            options.Audience,
            claims,
            notBefore: DateTime.UtcNow.AddMinutes(-1),
            expires: DateTime.UtcNow.Add(lifetime ?? TimeSpan.FromHours(8)),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256)
        );
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
