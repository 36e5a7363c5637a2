using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>An audit entry as the API shows it: the summary as JSON, the rest as stored (and hashed).</summary>
public sealed record AuditEntryView(
    long Seq,
    Guid MessageId,
    string EventType,
    string AggregateId,
    long AggregateVersion,
    string ActorKind,
    string ActorId,
    string Reason,
    string? County,
    string? RelatedCounty,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    JsonElement Summary,
    string PrevHash,
    string Hash
)
{
    public static AuditEntryView From(AuditRecord r)
    {
        using var summary = JsonDocument.Parse(r.Summary);
        return new(
            r.Seq,
            r.MessageId,
            r.EventType,
            r.AggregateId,
            r.AggregateVersion,
            r.ActorKind,
            r.ActorId,
            r.Reason,
            r.County,
            r.RelatedCounty,
            r.OccurredAt,
            r.RecordedAt,
            summary.RootElement.Clone(),
            r.PrevHash,
            r.Hash
        );
    }
}
