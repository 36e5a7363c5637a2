namespace LoveCard.Terminal;

/// <summary>
/// A home visit (protocol version 1.1): <c>open</c> after check-in, <c>refused</c> with its <see cref="DeclineCode"/>,
/// or <c>completed</c> with <see cref="Valid"/> and the <see cref="Problems"/> found. Fields a check-in does not
/// know yet are null.
/// </summary>
public sealed record VisitAnswer(
    Guid VisitId,
    string Status,
    string? DeclineCode,
    ElderInfo? Elder,
    string Item,
    string CareWorkerId,
    DateTimeOffset CheckedInAt,
    int? CheckInDistanceM,
    DateTimeOffset? CheckedOutAt,
    int? CheckOutDistanceM,
    int? DurationMinutes,
    bool? Valid,
    IReadOnlyList<string>? Problems
)
{
    public const string Open = "open";
    public const string Refused = "refused";
    public const string Completed = "completed";

    public bool IsOpen => Status == Open;
}
