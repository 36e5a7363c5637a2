using LoveCard.Hosting.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace LoveCard.Hosting.Observability;

/// <summary>
/// <c>/metrics</c>, <c>/docs</c> and <c>/openapi</c> describe the service to whoever runs it, not to the
/// public (finding S-8). With <c>Management:Urls</c> (e.g. <c>http://+:9090</c>) they answer only on
/// that port, which only the monitoring network reaches (docs/deploy.md, NetworkPolicies), and that
/// port answers nothing else but health; without it they answer in Development as before, and
/// elsewhere only to a signed-in province or auditor.
/// </summary>
public sealed class ManagementEndpoints
{
    private static readonly PathString[] Paths = ["/metrics", "/docs", "/openapi", "/scalar"];
    private static readonly PathString[] Health = ["/health"];

    public ManagementEndpoints(IConfiguration configuration, IHostEnvironment environment)
    {
        Urls = configuration["Management:Urls"] is { Length: > 0 } urls
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        Ports = Urls.Select(u =>
                new Uri(
                    u.Replace("+", "localhost", StringComparison.Ordinal)
                        .Replace("*", "localhost", StringComparison.Ordinal)
                ).Port
            )
            .ToHashSet();
        Open = environment.IsDevelopment();
    }

    /// <summary>The management listeners, added to the service's own.</summary>
    public IReadOnlyList<string> Urls { get; }

    public IReadOnlySet<int> Ports { get; }

    /// <summary>Development without a management port: everything on the one port, no sign-in.</summary>
    public bool Open { get; }

    public static bool IsManagement(PathString path) => Paths.Any(p => path.StartsWithSegments(p));

    /// <summary>What to answer instead of letting the request through: null, 401, 403 or 404.</summary>
    public int? Refusal(HttpContext context)
    {
        var path = context.Request.Path;
        if (Ports.Count > 0)
        {
            if (Ports.Contains(context.Connection.LocalPort))
            {
                return IsManagement(path) || Health.Any(h => path.StartsWithSegments(h)) ? null : 404;
            }

            return IsManagement(path) ? 404 : null;
        }

        if (Open || !IsManagement(path))
        {
            return null;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return 401;
        }

        var role = context.User.FindFirst(LoveCardClaims.Role)?.Value;
        return role is Roles.Province or Roles.Auditor ? null : 403;
    }
}
