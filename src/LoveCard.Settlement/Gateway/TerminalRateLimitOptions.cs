using LoveCard.Hosting.Secrets;

namespace LoveCard.Settlement.Gateway;

/// <summary>Token buckets: per terminal for signed requests, per client IP for unsigned ones.</summary>
public sealed class TerminalRateLimitOptions
{
    public int TerminalTokensPerSecond { get; set; } = 20;

    public int TerminalBurst { get; set; } = 40;

    public int UnsignedTokensPerSecond { get; set; } = 20;

    public int UnsignedBurst { get; set; } = 100;

    /// <summary>
    /// Signed requests that fail authentication (unknown or disabled terminal, bad signature, clock
    /// skew) per claimed terminal id: a real terminal fails rarely (a clock after a reboot).
    /// </summary>
    public int FailedPerTerminalPerMinute { get; set; } = 120;

    public int FailedPerTerminalBurst { get; set; } = 20;

    /// <summary>The same per client address (behind a proxy: the forwarded address, docs/deploy.md).</summary>
    public int FailedPerAddressPerMinute { get; set; } = 300;

    public int FailedPerAddressBurst { get; set; } = 50;
}
