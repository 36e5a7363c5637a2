namespace LoveCard.Console.Api;

/// <summary>One change in a card's history.</summary>
public sealed record CardChangeRow(
    long Version,
    string Change,
    string Status,
    string? StatusReason,
    string CardNumber,
    string? Detail,
    string ActorKind,
    string? ActorId,
    DateTimeOffset OccurredAt
);
