namespace LoveCard.Console.Api;

/// <summary>A finding of a supervision rule, with its evidence (JSON as the rule wrote it).</summary>
public sealed record Anomaly(
    Guid AnomalyId,
    string Rule,
    string County,
    Guid? ProviderId,
    Guid? CardId,
    Guid? PurchaseId,
    int CreditPoints,
    string Evidence,
    string Status,
    DateTimeOffset RaisedAt,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolutionNote
);
