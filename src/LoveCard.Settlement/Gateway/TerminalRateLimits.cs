using System.Threading.RateLimiting;
using LoveCard.Hosting.Observability;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// Token buckets (TERMINAL-PROTOCOL.md, "Too many requests"): one per verified terminal, one per
/// client IP for the unsigned endpoints, and two for signed requests that fail authentication (per
/// claimed terminal id and per client IP), consulted before the terminal is looked up in the
/// database so a flood of forged requests costs no database work (finding S-7). In memory per
/// instance: a limit that protects this instance's database connections, not a global quota.
/// </summary>
public sealed class TerminalRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _terminals;
    private readonly PartitionedRateLimiter<string> _unsigned;
    private readonly PartitionedRateLimiter<string> _failedByTerminal;
    private readonly PartitionedRateLimiter<string> _failedByAddress;
    private readonly TerminalRateLimitOptions _limits;

    public TerminalRateLimits(TerminalOptions options)
    {
        _limits = options.RateLimit;
        _terminals = Create(_limits.TerminalTokensPerSecond, _limits.TerminalBurst);
        _unsigned = Create(_limits.UnsignedTokensPerSecond, _limits.UnsignedBurst);
        // Refilled per minute: failures are rare for a real terminal, and a whole minute's refill makes
        // the budget's state predictable to a test that spends it in a few seconds.
        _failedByTerminal = Create(
            _limits.FailedPerTerminalPerMinute,
            _limits.FailedPerTerminalBurst,
            TimeSpan.FromMinutes(1)
        );
        _failedByAddress = Create(
            _limits.FailedPerAddressPerMinute,
            _limits.FailedPerAddressBurst,
            TimeSpan.FromMinutes(1)
        );
    }

    /// <summary>
    /// Before the database look-up: null when the claimed terminal and the client address still have
    /// failures to spend; otherwise the seconds to wait. Spends nothing: only a failure does
    /// (<see cref="RecordFailure"/>), so a terminal that signs correctly is never slowed by its own volume.
    /// </summary>
    public int? TryBeforeLookup(string claimedTerminalId, string clientAddress)
    {
        var exhausted =
            Available(_failedByTerminal, claimedTerminalId) <= 0 || Available(_failedByAddress, clientAddress) <= 0;
        return exhausted ? 1 : null;
    }

    /// <summary>A signed request that failed authentication after the look-up spends from both budgets.</summary>
    public void RecordFailure(string claimedTerminalId, string clientAddress)
    {
        using var byTerminal = _failedByTerminal.AttemptAcquire(claimedTerminalId);
        using var byAddress = _failedByAddress.AttemptAcquire(clientAddress);
    }

    private static long Available(PartitionedRateLimiter<string> limiter, string key) =>
        limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 1;

    /// <summary>
    /// Null when allowed; otherwise how long to wait (whole seconds, at least 1). Either way the
    /// answer gets the bucket's state as <c>RateLimit-Limit/-Remaining/-Reset</c> (issue 9, OWASP API4;
    /// headers only, the protocol's codes are unchanged).
    /// </summary>
    public int? TryTerminal(string terminalId, HttpResponse response) =>
        Acquire(_terminals, terminalId, response, _limits.TerminalBurst, _limits.TerminalTokensPerSecond);

    public int? TryUnsigned(string clientAddress, HttpResponse response) =>
        Acquire(_unsigned, clientAddress, response, _limits.UnsignedBurst, _limits.UnsignedTokensPerSecond);

    private static int? Acquire(
        PartitionedRateLimiter<string> limiter,
        string key,
        HttpResponse response,
        int burst,
        int perSecond
    )
    {
        using var lease = limiter.AttemptAcquire(key);
        RateLimitHeaders.Write(
            response,
            Math.Max(1, burst),
            Math.Max(1, perSecond),
            limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0
        );
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
    }

    private static PartitionedRateLimiter<string> Create(int perPeriod, int burst, TimeSpan? period = null) =>
        PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, burst),
                TokensPerPeriod = Math.Max(1, perPeriod),
                ReplenishmentPeriod = period ?? TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
        );

    public void Dispose()
    {
        _terminals.Dispose();
        _unsigned.Dispose();
        _failedByTerminal.Dispose();
        _failedByAddress.Dispose();
    }
}
