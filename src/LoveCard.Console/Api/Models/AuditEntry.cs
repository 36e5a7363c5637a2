namespace LoveCard.Console.Api;

/// <summary>One entry of the append-only audit trail.</summary>
public sealed record AuditEntry(
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
    System.Text.Json.JsonElement Summary,
    string PrevHash,
    string Hash
);
