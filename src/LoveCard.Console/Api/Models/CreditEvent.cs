namespace LoveCard.Console.Api;

/// <summary>One change of a provider's credit score, with its reason.</summary>
public sealed record CreditEvent(
    Guid Id,
    string EventType,
    int Points,
    int ScoreAfter,
    string Note,
    Guid? AnomalyId,
    string ActorKind,
    string ActorId,
    DateTimeOffset OccurredAt
);
