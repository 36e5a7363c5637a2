namespace LoveCard.Console.Api;

/// <summary>An elder's absence (hospital or away), the source of the during-absence rule.</summary>
public sealed record Absence(
    Guid AbsenceId,
    Guid ElderId,
    string County,
    string Kind,
    DateTimeOffset From,
    DateTimeOffset To,
    string Reason,
    string RecordedBy,
    DateTimeOffset RecordedAt
);
