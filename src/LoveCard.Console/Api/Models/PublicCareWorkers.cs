namespace LoveCard.Console.Api;

/// <summary>Certified care workers per 10,000 eligible elders against the target.</summary>
public sealed record PublicCareWorkers(
    string Certified,
    string EligibleElders,
    decimal? Per10000Elders,
    int Target,
    bool? MeetsTarget
);
