using System.Globalization;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.PublicData;

public sealed record CareWorkerStats(
    string Basis,
    string Certified,
    string EligibleElders,
    decimal? Per10000Elders,
    int Target,
    bool? MeetsTarget
);
