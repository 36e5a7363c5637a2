using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Credit;

/// <summary>One credit event; <see cref="Points"/> is the signed change of the score.</summary>
public sealed record CreditEventRow
{
    public required Guid Id { get; init; }
    public required string EventType { get; init; }
    public required int Points { get; init; }
    public required int ScoreAfter { get; init; }
    public required string Note { get; init; }
    public Guid? AnomalyId { get; init; }
    public required string ActorKind { get; init; }
    public required string ActorId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
