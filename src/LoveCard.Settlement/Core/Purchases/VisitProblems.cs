namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// What a home-service purchase's visit lacked, besides the visit's own problems (kept in
/// <c>purchases.visit_problems</c>; docs/terminal-protocol.md "A purchase names its visit").
/// </summary>
public static class VisitProblems
{
    public const string NoVisit = "no_visit";
    public const string VisitUnknown = "visit_unknown";
    public const string VisitMismatch = "visit_mismatch";
    public const string VisitNotCompleted = "visit_not_completed";
    public const string VisitStale = "visit_stale";
    public const string VisitUsed = "visit_used";
}
