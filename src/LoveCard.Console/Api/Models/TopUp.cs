namespace LoveCard.Console.Api;

/// <summary>A fund top-up: <c>proposed</c> by one bureau user, <c>approved</c> by another (maker-checker).</summary>
public sealed record TopUp(
    Guid TopUpId,
    string County,
    string Source,
    string? VillageCode,
    long AmountFen,
    string? Note,
    string Status,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt
);
