namespace LoveCard.Console.Api;

/// <summary>Certified care workers per 10,000 eligible elders against the plan's 25.</summary>
public sealed record CareWorkerRatio(
    string County,
    DateOnly AsOf,
    long CertifiedCareWorkers,
    long EligibleElders,
    decimal? PerTenThousandElders,
    int Target,
    bool MeetsTarget
);
