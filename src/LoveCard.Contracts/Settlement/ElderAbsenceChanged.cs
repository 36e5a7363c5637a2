namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A recorded absence was shortened or withdrawn, with a reason (the absence as it now stands). AggregateId is
/// the absence id; the version grows by one with every change (1 was <see cref="ElderAbsenceRecorded"/>).
/// </summary>
public sealed record ElderAbsenceChanged : IntegrationEvent
{
    public required Guid AbsenceId { get; init; }

    public required Guid ElderId { get; init; }

    public required string County { get; init; }

    public required string Kind { get; init; }

    public required DateTimeOffset From { get; init; }

    /// <summary>Exclusive end.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary><c>recorded</c> (shortened) or <c>withdrawn</c>.</summary>
    public required string Status { get; init; }
}
