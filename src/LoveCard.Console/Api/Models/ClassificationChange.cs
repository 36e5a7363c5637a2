namespace LoveCard.Console.Api;

/// <summary>One published classification of an elder (the history).</summary>
public sealed record ClassificationChange(
    long Version,
    int? Category,
    bool Eligible,
    bool IsLocal,
    IReadOnlyList<string> Reasons,
    string RulesVersion,
    DateOnly EvaluatedOn,
    string HomeCounty,
    string VillageCode,
    string Actor,
    string Reason,
    DateTimeOffset OccurredAt
);
