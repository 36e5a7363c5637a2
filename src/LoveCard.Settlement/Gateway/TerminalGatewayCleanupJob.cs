using LoveCard.Hosting.Jobs;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// Deletes nonces past their keep-until (timestamp + 360 s) and idempotent answers older than the
/// retention (at least 24 h, TERMINAL-PROTOCOL.md "Idempotency"), so both tables stay small.
/// </summary>
public sealed class TerminalGatewayCleanupJob(
    TerminalStore terminals,
    TerminalIdempotencyStore idempotency,
    TerminalOptions options
) : IScheduledJob
{
    public const string JobName = "terminal-gateway-cleanup";

    public string Name => JobName;

    public JobSchedule Schedule { get; } = JobSchedule.Every(TimeSpan.FromMinutes(5));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await terminals.DeleteExpiredNoncesAsync(now, ct);
        await idempotency.DeleteOlderThanAsync(now - TimeSpan.FromHours(options.IdempotencyRetentionHours), ct);
    }
}
