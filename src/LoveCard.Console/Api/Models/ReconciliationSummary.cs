namespace LoveCard.Console.Api;

/// <summary>What a reconciliation found, in counts and totals.</summary>
public sealed record ReconciliationSummary(
    Guid ReconciliationId,
    Guid ProviderId,
    string County,
    string Period,
    string KeyColumn,
    int MatchedCount,
    int MissingInLovecard,
    int MissingInProvider,
    int AmountDifferences,
    long ProviderTotalFen,
    long LovecardTotalFen,
    long DifferenceFen,
    string CreatedBy,
    DateTimeOffset CreatedAt
);
