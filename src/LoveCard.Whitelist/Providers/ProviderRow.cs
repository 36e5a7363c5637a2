using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Credit;
using Npgsql;

namespace LoveCard.Whitelist.Providers;

/// <summary>A provider as stored.</summary>
public sealed record ProviderRow
{
    public required Guid Id { get; init; }
    public required string UnifiedCode { get; init; }
    public required string Name { get; init; }
    public required string ProviderType { get; init; }
    public required string County { get; init; }

    /// <summary>The 9-digit township division code it works in, if the bureau named one (ADR 0044).</summary>
    public string? Township { get; init; }
    public required string Address { get; init; }
    public required string ContactName { get; init; }
    public required string ContactPhone { get; init; }
    public required string AdmissionRoute { get; init; }
    public required DateOnly ContractStart { get; init; }
    public required DateOnly ContractEnd { get; init; }
    public required string Status { get; init; }
    public required int CreditScore { get; init; }
    public required bool LegacyCodeOverride { get; init; }
    public string? LegacyCodeReason { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
