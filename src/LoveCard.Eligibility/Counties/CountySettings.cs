using System.Text.RegularExpressions;
using LoveCard.Eligibility.Classification;
using LoveCard.Hosting.Errors;

namespace LoveCard.Eligibility.Counties;

/// <summary>A county's policy settings: every bracketed setting of DOMAIN.md, with its version.</summary>
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
)
{
    /// <summary>The defaults DOMAIN.md gives for a new county.</summary>
    public static CountySettings Defaults(string county, DateTimeOffset now) =>
        new(
            county,
            Version: 1,
            AdvancedAge: 80, // §2 [advancedAge = 80]
            MinDisabilityLevel: 1, // §2 [minDisabilityLevel = 1]
            AssessmentValidMonths: 12, // §2 [assessmentValidMonths = 12]
            AllowNonLocalResidents: true, // §2 [allowNonLocalResidents = true]
            OneCardNetwork: true, // §4 [oneCardNetwork = true]
            SuspendBelow: 60, // §4 [suspendBelow = 60]
            LowFundAlertDays: 7, // §3 [lowFundAlertDays = 7]
            MountainOrIsland: false,
            // Settlement defines the anomaly rules and their own defaults; a county overrides by rule code.
            AnomalyThresholds: new Dictionary<string, long>(),
            now,
            CountyCodes.DefaultsActor
        );

    public ClassificationSettings Rules =>
        new(AdvancedAge, MinDisabilityLevel, AssessmentValidMonths, AllowNonLocalResidents);
}
