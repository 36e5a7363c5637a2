using LoveCard.Settlement.Core.Purchases;

namespace LoveCard.Settlement.Core.Visits;

/// <summary>
/// A home visit as the terminal sees it (docs/terminal-protocol.md "Home visits"): <c>open</c> after check-in,
/// <c>refused</c> with its <c>declineCode</c>, or <c>completed</c> with <c>valid</c> and the <c>problems</c> found.
/// </summary>
public sealed record VisitView(
    Guid VisitId,
    string Status,
    string? DeclineCode,
    ElderView? Elder,
    string Item,
    string CareWorkerId,
    DateTimeOffset CheckedInAt,
    int? CheckInDistanceM,
    DateTimeOffset? CheckedOutAt,
    int? CheckOutDistanceM,
    int? DurationMinutes,
    bool? Valid,
    IReadOnlyList<string> Problems
);
