using System.Globalization;
using System.Threading.RateLimiting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Hosting.Observability;

/// <summary>
/// A per-client-IP token bucket on the people APIs (<c>/api/…</c>), so one misbehaving client cannot
/// starve a county's clerks; a refusal is a 429 <c>rate_limited</c> problem with <c>Retry-After</c>.
/// Terminals have their own per-terminal limit in settlement. Behind a proxy, configure forwarded
/// headers so the client address is the real one.
/// </summary>
public static class PeopleRateLimits
{
    public static IServiceCollection AddPeopleRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("RateLimits:PerIpTokensPerSecond", 50);
        var burst = configuration.GetValue("RateLimits:PerIpBurst", 200);
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsLimited(context)
                ? RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter("unlimited")
        );
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = limiter;
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problem = ProblemDetailsExceptionHandler.Make(
                    429,
                    "rate_limited",
                    $"Too many requests from this address; retry after {retryAfter} s.",
                    null
                );
                await rejected.HttpContext.Response.WriteAsJsonAsync(problem, ct);
            };
        });

        // Every /api answer, refused or not, says how much of the bucket is left (RateLimit-* headers,
        // issue 9 / OWASP API4), read when the answer starts, so it counts this request's token.
        services.AddSingleton<IStartupFilter>(new HeaderStartupFilter(limiter, burst, perSecond));
        return services;
    }

    private static bool IsLimited(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private sealed class HeaderStartupFilter(PartitionedRateLimiter<HttpContext> limiter, int burst, int perSecond)
        : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use(
                    (context, nextMiddleware) =>
                    {
                        if (IsLimited(context))
                        {
                            context.Response.OnStarting(() =>
                            {
                                var available = limiter.GetStatistics(context)?.CurrentAvailablePermits ?? burst;
                                RateLimitHeaders.Write(context.Response, burst, perSecond, available);
                                return Task.CompletedTask;
                            });
                        }

                        return nextMiddleware(context);
                    }
                );
                next(app);
            };
    }
}
