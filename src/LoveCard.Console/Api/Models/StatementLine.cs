namespace LoveCard.Console.Api;

/// <summary>One statement line (purchase, void, refund, correction) with its split by source.</summary>
public sealed record StatementLine(
    DateTimeOffset BookedAt,
    string Kind,
    Guid LineId,
    Guid PurchaseId,
    string ReceiptNo,
    string? IdempotencyKey,
    string TerminalId,
    Guid ProviderId,
    Guid? ElderId,
    string? MaskedName,
    string? HomeCounty,
    string Item,
    int Quantity,
    long AmountFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen
);
