namespace LoveCard.Console.Api;

/// <summary>
/// One closed period's payout as the provider sees it (settlement's <c>GET /api/providers/{id}/payouts</c>): the
/// netting (gross subsidy, reversals and recoveries taken back, corrections, net paid), the family's share the
/// provider collected itself (for information) and the payment (<c>to_be_paid</c>, <c>paid</c>, <c>failed</c>).
/// </summary>
public sealed record ProviderPayout(
    string County,
    string Period,
    Guid ProviderId,
    long GrossSubsidyFen,
    long ReversedFen,
    long RecoveredFen,
    long CorrectedFen,
    long NetFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyCollectedFen,
    string Status,
    string? BankReference,
    DateOnly? PaidOn,
    string? StatusNote,
    DateTimeOffset? StatusAt,
    DateTimeOffset ClosedAt
);
