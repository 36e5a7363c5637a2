using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LoveCard.Hosting.Observability;

/// <summary>The rate-limit answer headers (IETF draft-ietf-httpapi-ratelimit-headers, separate-field form) and
/// <c>Retry-After</c>.</summary>
public static class RateLimitHeaders
{
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";
    public const string RetryAfter = "Retry-After";

    public static readonly string[] All = [Limit, Remaining, Reset];

    /// <summary>Writes the state of a token bucket of <paramref name="burst"/> tokens refilled by
    /// <paramref name="perSecond"/> a second.</summary>
    public static void Write(HttpResponse response, long burst, long perSecond, long available)
    {
        available = Math.Clamp(available, 0, burst);
        var headers = response.Headers;
        headers[Limit] = burst.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = available.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = ((burst - available + perSecond - 1) / Math.Max(1, perSecond)).ToString(
            CultureInfo.InvariantCulture
        );
    }
}
