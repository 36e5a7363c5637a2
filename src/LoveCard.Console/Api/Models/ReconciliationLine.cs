namespace LoveCard.Console.Api;

/// <summary>One line of a reconciliation: matched, missing on either side, or differing.</summary>
public sealed record ReconciliationLine(
    int LineNo,
    string Outcome,
    string Key,
    string? Item,
    int? ProviderRow,
    string? ProviderTime,
    long? ProviderAmountFen,
    long? LovecardAmountFen,
    long DifferenceFen,
    Guid? PurchaseId
);
