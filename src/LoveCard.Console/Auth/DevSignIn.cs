using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LoveCard.Console.Auth;

/// <summary>
/// Development only, and only with <c>Console:DevSignIn=true</c>: sign in as a role without the
/// identity service, with a token signed by the services' public development key. It exists so the
/// screens can be built while identity is not running; it refuses to start outside Development.
/// </summary>
public static class DevSignIn
{
    public const string Path = "/dev/signin";

    /// <summary>
    /// The services' public development key (LoveCard.Hosting's AuthOptions); worthless in Production.
    /// </summary>
    private const string DevelopmentKey = "lovecard-development-signing-key-do-not-use-in-production-0123456789";

    public static bool Enabled(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!configuration.GetValue<bool>("Console:DevSignIn"))
        {
            return false;
        }

        return environment.IsDevelopment()
            ? true
            : throw new InvalidOperationException(
                "Console:DevSignIn is for Development only; people sign in through identity."
            );
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, (string? returnUrl) =>
                Results.Content(Page(ConsoleAuth.LocalUrl(returnUrl)), "text/html; charset=utf-8")
            )
            .AllowAnonymous();
        app.MapGet(Path + "/as", SignInAsync).AllowAnonymous();
    }

    private static async Task<IResult> SignInAsync(
        string role,
        string? county,
        string? provider,
        string? user,
        string? returnUrl,
        HttpContext http,
        IConfiguration configuration
    )
    {
        var providerId = Guid.TryParse(provider, out var p) ? p : (Guid?)null;
        county = string.IsNullOrWhiteSpace(county) ? null : county;
        var subject = user ?? $"dev-{role}-{county ?? provider ?? "user"}";
        var claims = new List<Claim>
        {
            new(SessionClaims.Subject, subject),
            new(SessionClaims.Role, role),
            new(SessionClaims.Name, subject),
        };
        if (county is { Length: > 0 })
        {
            claims.Add(new Claim(SessionClaims.County, county));
        }

        if (providerId is { } id)
        {
            claims.Add(new Claim(SessionClaims.Provider, id.ToString()));
        }

        var key = configuration["Auth:SigningKey"] ?? DevelopmentKey;
        var expires = DateTimeOffset.UtcNow.AddHours(8);
        var token = new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = configuration["Auth:Issuer"] ?? "lovecard-dev",
                Audience = configuration["Auth:Audience"] ?? "lovecard",
                Subject = new ClaimsIdentity(claims.Where(c => c.Type != SessionClaims.Name)),
                Expires = expires.UtcDateTime,
                NotBefore = DateTime.UtcNow.AddMinutes(-1),
                SigningCredentials = new SigningCredentials(
                    new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
                    SecurityAlgorithms.HmacSha256
                ),
            }
        );
        var properties = new AuthenticationProperties
        {
            RedirectUri = ConsoleAuth.LocalUrl(returnUrl),
            ExpiresUtc = expires,
        };
        properties.StoreTokens([
            new AuthenticationToken { Name = TokenKeeper.AccessToken, Value = token },
            new AuthenticationToken
            {
                Name = TokenKeeper.ExpiresAt,
                Value = expires.ToString("o", CultureInfo.InvariantCulture),
            },
        ]);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "dev", SessionClaims.Name, SessionClaims.Role));
        await http.SignInAsync(ConsoleAuth.Cookie, principal, properties);
        return Results.Redirect(properties.RedirectUri);
    }

    private static string Page(string returnUrl)
    {
        var back = Uri.EscapeDataString(returnUrl);
        string Link(string label, string query) =>
            $"<li><a href=\"{Path}/as?{query}&returnUrl={back}\">{label}</a></li>";
        return $"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>开发登录</title></head>
            <body style="font-family:sans-serif;margin:40px"><h1>开发登录（仅限开发环境）</h1>
            <p>身份服务未接入时使用；正式环境通过身份服务登录。</p><ul>
            {Link("省级管理员", "role=province&user=dev-province")}
            {Link("330903 民政局经办人（制单）", "role=bureau&county=330903&user=dev-maker")}
            {Link("330903 民政局经办人（复核）", "role=bureau&county=330903&user=dev-checker")}
            {Link("330902 民政局经办人", "role=bureau&county=330902&user=dev-330902")}
            {Link("330903 审计员", "role=auditor&county=330903&user=dev-auditor")}
            </ul><form action="{Path}/as"><input type="hidden" name="role" value="provider">
            <input type="hidden" name="returnUrl" value="{System.Net.WebUtility.HtmlEncode(returnUrl)}">
            <label>服务商编号 <input name="provider" size="40"></label> <button>以服务商登录</button></form></body></html>
            """;
    }
}
