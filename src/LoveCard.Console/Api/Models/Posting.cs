namespace LoveCard.Console.Api;

/// <summary>A posting on one of the county's fund accounts.</summary>
public sealed record Posting(
    long PostingId,
    Guid TransactionId,
    string AccountId,
    long AmountFen,
    string Kind,
    Guid? PurchaseId,
    DateTimeOffset BookedAt
);
