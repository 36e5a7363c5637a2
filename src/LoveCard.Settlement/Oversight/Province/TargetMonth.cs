namespace LoveCard.Settlement.Oversight.Province;

/// <summary>One month of progress against the plan's targets (ADR 0037). <see cref="Final"/> is false for the
/// current month, counted when asked; earlier months are their last hourly record.</summary>
public sealed record TargetMonth(
    string Month,
    bool Final,
    long Cardholders,
    long CardholdersTarget,
    string CardholdersDue,
    decimal CardholdersPercent,
    int CountiesCovered,
    int Counties,
    string CountiesCoveredDue,
    decimal CountiesCoveredPercent,
    long CertifiedCareWorkers,
    long RegisteredElders,
    decimal? CareWorkersPer10000Elders,
    int CareWorkersTargetPer10000,
    string CareWorkersDue,
    int OneCardCounties,
    string OneCardDue,
    decimal OneCardPercent
)
{
    public const long CardholderTarget = 2_000_000;
    public const string CardholderDue = "2024-12";
    public const string CoverageDue = "2024-12";
    public const int CareWorkerTarget = 25;
    public const string CareWorkerDue = "2025-12";
    public const string OneCardDueMonth = "2027-12";

    public static TargetMonth Of(string month, bool final, ProvinceFigures f) =>
        new(
            month,
            final,
            f.Cardholders,
            CardholderTarget,
            CardholderDue,
            Percent(f.Cardholders, CardholderTarget),
            f.CountiesCovered,
            f.Counties,
            CoverageDue,
            Percent(f.CountiesCovered, f.Counties),
            f.CertifiedCareWorkers,
            f.RegisteredElders,
            f.RegisteredElders == 0
                ? null
                : Math.Round(f.CertifiedCareWorkers * 10000m / f.RegisteredElders, 1, MidpointRounding.AwayFromZero),
            CareWorkerTarget,
            CareWorkerDue,
            f.OneCardCounties,
            OneCardDueMonth,
            Percent(f.OneCardCounties, f.Counties)
        );

    private static decimal Percent(long part, long whole) =>
        whole == 0 ? 0 : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);
}
