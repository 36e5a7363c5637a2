using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.CareWorkers;

public sealed record CareWorkerCounts
{
    public required long CertifiedCareWorkers { get; init; }
    public required long EligibleElders { get; init; }
}
