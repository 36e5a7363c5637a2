using LoveCard.Settlement.BackOffice.Supervision.Rules;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// The supervision rules that flag after the fact (监督管理, DOMAIN.md §6), registered in one place.
/// Each is one file in <c>Rules/</c> holding its SQL, thresholds and credit points, found here by its
/// base class (ADR 0024). Every threshold is a county setting: the eligibility service publishes
/// <c>CountySettingsChanged.AnomalyThresholds</c> keyed by the threshold codes; a county that sets none
/// gets the rule's defaults.
/// </summary>
public static class AnomalyRules
{
    /// <summary>
    /// Every rule the scan runs: each concrete <see cref="AnomalyRule"/> of this assembly, made once at
    /// start and ordered by code. Nothing lists them by hand, so a new rule is its file and its test.
    /// </summary>
    public static readonly IReadOnlyList<AnomalyRule> Registered =
    [
        .. typeof(AnomalyRule)
            .Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsSubclassOf(typeof(AnomalyRule)))
            .Select(type => (AnomalyRule)Activator.CreateInstance(type)!)
            .OrderBy(rule => rule.Code, StringComparer.Ordinal),
    ];

    // The codes of the rules the service and its tests name.
    public const string ImpossibleTravel = ImpossibleTravelRule.Name;
    public const string MealsPerDay = MealsPerDayRule.Name;
    public const string AfterDeath = AfterDeathRule.Name;
    public const string PriceAtCeiling = PriceAtCeilingRule.Name;
    public const string VolumeJump = VolumeJumpRule.Name;
    public const string SplitPurchases = SplitPurchasesRule.Name;
    public const string OutsideHours = OutsideHoursRule.Name;
    public const string DuringAbsence = DuringAbsenceRule.Name;
    public const string CardBurst = CardBurstRule.Name;
    public const string LateReport = LateReportRule.Name;
    public const string NoVisitProof = NoVisitProofRule.Name;

    /// <summary>The codes of every registered rule.</summary>
    public static readonly IReadOnlyList<string> All = [.. Registered.Select(r => r.Code)];

    /// <summary>Threshold codes and their defaults (what a county's <c>AnomalyThresholds</c> may override).</summary>
    public static readonly IReadOnlyDictionary<string, long> Defaults = Registered
        .SelectMany(r => r.Thresholds)
        .DistinctBy(t => t.Code)
        .ToDictionary(t => t.Code, t => t.Default);

    /// <summary>Credit points the whitelist service deducts from the provider, per rule
    /// (AnomalyRaised.CreditPoints).</summary>
    public static readonly IReadOnlyDictionary<string, int> CreditPoints = Registered.ToDictionary(
        r => r.Code,
        r => r.CreditPoints
    );
}
