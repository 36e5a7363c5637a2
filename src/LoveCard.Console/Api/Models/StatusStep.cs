namespace LoveCard.Console.Api;

/// <summary>One step of a provider's whitelist workflow, audited.</summary>
public sealed record StatusStep(
    string? FromStatus,
    string ToStatus,
    string Reason,
    string ActorKind,
    string ActorId,
    long Version,
    DateTimeOffset OccurredAt
);
