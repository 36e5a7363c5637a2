namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A bureau (or its grid worker) recorded that an elder was in hospital or away from home over a
/// period (DOMAIN.md §6: purchases then are suspect). AggregateId is the absence id, version 1.
/// Reason is the recorder's reason; it must not carry a diagnosis (the kind is enough).
/// </summary>
public sealed record ElderAbsenceRecorded : IntegrationEvent
{
    public required Guid AbsenceId { get; init; }

    public required Guid ElderId { get; init; }

    /// <summary>The elder's home county (its bureau records and sees the absence).</summary>
    public required string County { get; init; }

    /// <summary><c>hospital</c> or <c>away</c>.</summary>
    public required string Kind { get; init; }

    public required DateTimeOffset From { get; init; }

    /// <summary>Exclusive end.</summary>
    public required DateTimeOffset To { get; init; }

    public required string RecordedBy { get; init; }
}
