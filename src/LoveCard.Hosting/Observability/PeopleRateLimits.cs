using System.Globalization;
using System.Threading.RateLimiting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
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
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problem = ProblemDetailsExceptionHandler.Make(429, "rate_limited", $"Too many requests from this address; retry after {retryAfter} s.", null);
                await rejected.HttpContext.Response.WriteAsJsonAsync(problem, ct);
            };
        });
        return services;
    }
}
