using System.Threading.RateLimiting;
using LoveCard.Hosting.Observability;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// Token buckets (TERMINAL-PROTOCOL.md, "Too many requests"): one per verified terminal, one per
/// client IP for the unsigned endpoints. In memory per instance: a limit that protects this
/// instance's database connections, not a global quota.
/// </summary>
public sealed class TerminalRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _terminals;
    private readonly PartitionedRateLimiter<string> _unsigned;
    private readonly TerminalRateLimitOptions _limits;

    public TerminalRateLimits(TerminalOptions options)
    {
        _limits = options.RateLimit;
        _terminals = Create(_limits.TerminalTokensPerSecond, _limits.TerminalBurst);
        _unsigned = Create(_limits.UnsignedTokensPerSecond, _limits.UnsignedBurst);
    }

    /// <summary>
    /// Null when allowed; otherwise how long to wait (whole seconds, at least 1). Either way the
    /// answer gets the bucket's state as <c>RateLimit-Limit/-Remaining/-Reset</c> (issue 9, OWASP API4;
    /// headers only, the protocol's codes are unchanged).
    /// </summary>
    public int? TryTerminal(string terminalId, HttpResponse response) =>
        Acquire(_terminals, terminalId, response, _limits.TerminalBurst, _limits.TerminalTokensPerSecond);

    public int? TryUnsigned(string clientAddress, HttpResponse response) =>
        Acquire(_unsigned, clientAddress, response, _limits.UnsignedBurst, _limits.UnsignedTokensPerSecond);

    private static int? Acquire(PartitionedRateLimiter<string> limiter, string key, HttpResponse response, int burst, int perSecond)
    {
        using var lease = limiter.AttemptAcquire(key);
        RateLimitHeaders.Write(response, Math.Max(1, burst), Math.Max(1, perSecond), limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
    }

    private static PartitionedRateLimiter<string> Create(int perSecond, int burst) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, perSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        _terminals.Dispose();
        _unsigned.Dispose();
    }
}
