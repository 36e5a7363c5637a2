using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// Daily, just after midnight in Asia/Shanghai, records the chain's head as an anchor, logs it
/// (<c>AuditChainAnchored</c>) and so publishes it through <c>GET /api/public/audit-anchors</c>:
/// entries cut off the end of the chain then no longer reach a hash someone outside holds.
/// </summary>
public sealed class AuditAnchorJob(AuditTrail trail, ILogger<AuditAnchorJob> logger) : IScheduledJob
{
    public const string JobName = "audit-anchor";

    private static readonly EventId Anchored = new(7001, "AuditChainAnchored");

    public string Name => JobName;

    public JobSchedule Schedule { get; } = JobSchedule.DailyAt(new TimeOnly(0, 10));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var anchor = await trail.AnchorAsync(now, ct);
        if (anchor is null)
        {
            logger.LogInformation("Audit chain is empty on {Day}; nothing to anchor", Shanghai.Today(now));
            return;
        }

        logger.LogInformation(
            Anchored,
            "AuditChainAnchored seq {AuditSeq} hash {AuditHash} on {AnchoredOn}",
            anchor.Seq,
            anchor.Hash,
            anchor.AnchoredOn
        );
    }
}
