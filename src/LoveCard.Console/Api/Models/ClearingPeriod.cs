namespace LoveCard.Console.Api;

/// <summary>A closed period of a county.</summary>
public sealed record ClearingPeriod(
    string County,
    string Period,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    long TotalSubsidyFen,
    int PayoutCount,
    string ClosedBy,
    DateTimeOffset ClosedAt
);
