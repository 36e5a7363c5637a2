using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// This file is compiled into the settlement service AND linked into src/LoveCard.AuditVerify, so the
// service and the offline verifier hash with the very same code. It must stay free of anything but
// the base class library.
namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>One audit-trail entry as stored and exported: everything the hash covers, plus the hash.</summary>
public sealed record AuditRecord(
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
    string Summary,
    string PrevHash,
    string Hash
);
