namespace LoveCard.Console.Api;

/// <summary>A provider's dispute of a statement line.</summary>
public sealed record Dispute(
    Guid DisputeId,
    Guid ProviderId,
    string County,
    Guid PurchaseId,
    long ClaimedFen,
    string Reason,
    string Status,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolutionNote,
    Guid? CorrectionId
);
