namespace LoveCard.Contracts.Eligibility;

/// <summary>
/// A county's policy settings (the bracketed settings of DOMAIN.md), published whole on every change.
/// AggregateId is <c>county-settings:{county}</c>.
/// </summary>
public sealed record CountySettingsChanged : IntegrationEvent
{
    public required string County { get; init; }

    public required int AdvancedAge { get; init; }

    public required int MinDisabilityLevel { get; init; }

    public required int AssessmentValidMonths { get; init; }

    public required bool AllowNonLocalResidents { get; init; }

    public required bool OneCardNetwork { get; init; }

    public required int SuspendBelow { get; init; }

    public required int LowFundAlertDays { get; init; }

    /// <summary>Mountain or island county, favoured by the provincial charity fund.</summary>
    public required bool MountainOrIsland { get; init; }

    /// <summary>Anomaly rule thresholds by rule code, as the settlement service defines them.</summary>
    public IReadOnlyDictionary<string, long> AnomalyThresholds { get; init; } = new Dictionary<string, long>();
}
