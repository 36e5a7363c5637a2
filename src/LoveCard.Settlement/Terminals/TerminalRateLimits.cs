using System.Threading.RateLimiting;

namespace LoveCard.Settlement.Terminals;

/// <summary>
/// Token buckets (TERMINAL-PROTOCOL.md, "Too many requests"): one per verified terminal, one per
/// client IP for the unsigned endpoints. In memory per instance: a limit that protects this
/// instance's database connections, not a global quota.
/// </summary>
public sealed class TerminalRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _terminals;
    private readonly PartitionedRateLimiter<string> _unsigned;

    public TerminalRateLimits(TerminalOptions options)
    {
        var limits = options.RateLimit;
        _terminals = Create(limits.TerminalTokensPerSecond, limits.TerminalBurst);
        _unsigned = Create(limits.UnsignedTokensPerSecond, limits.UnsignedBurst);
    }

    /// <summary>Null when allowed; otherwise how long to wait (whole seconds, at least 1).</summary>
    public int? TryTerminal(string terminalId) => Acquire(_terminals, terminalId);

    public int? TryUnsigned(string clientAddress) => Acquire(_unsigned, clientAddress);

    private static int? Acquire(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
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
