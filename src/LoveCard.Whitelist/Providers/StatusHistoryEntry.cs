using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Credit;
using Npgsql;

namespace LoveCard.Whitelist.Providers;

/// <summary>One step of the audit trail of a provider's status: who, when, why.</summary>
public sealed record StatusHistoryEntry
{
    public string? FromStatus { get; init; }
    public required string ToStatus { get; init; }
    public required string Reason { get; init; }
    public required string ActorKind { get; init; }
    public required string ActorId { get; init; }
    public required long Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
