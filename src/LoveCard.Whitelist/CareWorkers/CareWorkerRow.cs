using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.CareWorkers;

public sealed record CareWorkerRow
{
    public required Guid Id { get; init; }
    public required Guid ProviderId { get; init; }
    public required string County { get; init; }
    public required string NameMasked { get; init; }
    public required string CertificateNumber { get; init; }
    public required string CertificateLevel { get; init; }
    public required DateOnly ValidUntil { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
}
