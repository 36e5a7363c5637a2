using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.CareWorkers;

/// <summary>The county report: certified care workers per 10,000 eligible elders against the plan's 25.</summary>
public sealed record CareWorkerRatio(
    string County,
    DateOnly AsOf,
    long CertifiedCareWorkers,
    long EligibleElders,
    decimal? PerTenThousandElders,
    int Target,
    bool MeetsTarget
);
