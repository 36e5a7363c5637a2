namespace LoveCard.Console.Api;

/// <summary>A county's policy settings (DOMAIN.md's bracketed settings).</summary>
public sealed record CountySettings(
    string County,
    int Version,
    int AdvancedAge,
    int MinDisabilityLevel,
    int AssessmentValidMonths,
    bool AllowNonLocalResidents,
    bool OneCardNetwork,
    int SuspendBelow,
    int LowFundAlertDays,
    bool MountainOrIsland,
    IReadOnlyDictionary<string, long> AnomalyThresholds,
    DateTimeOffset UpdatedAt,
    string UpdatedBy
);
