using System.Diagnostics;
using LoveCard.Hosting.Telemetry;

namespace LoveCard.Hosting.Messaging;

/// <summary>A pending outbox row as the <see cref="OutboxRelay"/> reads it.</summary>
internal sealed record OutboxRow(
    long Id,
    Guid MessageId,
    string MessageType,
    string AggregateId,
    string Body,
    Guid? CorrelationId,
    string? TraceParent,
    DateTime CreatedAt
)
{
    /// <summary>The relay's span for publishing this row, in the trace that wrote it (ADR 0028); null outside
    /// one.</summary>
    public Activity? StartPublishActivity()
    {
        if (TraceParent is null || !ActivityContext.TryParse(TraceParent, null, isRemote: true, out var parent))
        {
            return null;
        }

        var name = "outbox relay " + MessageType[(MessageType.LastIndexOf('.') + 1)..];
        var activity = LoveCardTelemetry.Source.StartActivity(name, ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.message.id", MessageId.ToString());
            activity.SetTag("lovecard.outbox.id", Id);
            var waited = DateTime.UtcNow - CreatedAt;
            activity.SetTag("lovecard.outbox.waited_ms", Math.Round(waited.TotalMilliseconds, 1));
        }

        return activity;
    }
}
