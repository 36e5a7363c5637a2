namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>
/// One payout as its provider sees it (ADR 0041): a closed period's net amount, the netting it went
/// through (read from the provider's payable postings of the period, so gross − reversed − recovered
/// + corrections = net), the family's share the provider collected itself (information only, never
/// paid out) and the payment: <c>to_be_paid</c>, <c>paid</c> (with the bank's reference and the day)
/// or <c>failed</c> (the bank refused it; to be paid again).
/// </summary>
public sealed class ProviderPayoutView
{
    public string County { get; init; } = "";

    /// <summary><c>yyyy-MM</c>, a calendar month in Asia/Shanghai.</summary>
    public string Period { get; init; } = "";

    public Guid ProviderId { get; init; }

    /// <summary>The subsidy its purchases of the period were owed.</summary>
    public long GrossSubsidyFen { get; init; }

    /// <summary>What voids and refunds booked in the period took back from the subsidy (≥ 0 when they did).</summary>
    public long ReversedFen { get; init; }

    /// <summary>What recoveries (追回) booked in the period took back (≥ 0 when they did).</summary>
    public long RecoveredFen { get; init; }

    /// <summary>Dispute corrections booked in the period (positive in the provider's favour).</summary>
    public long CorrectedFen { get; init; }

    /// <summary>The payout: gross − reversed − recovered + corrected.</summary>
    public long NetFen { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    /// <summary>The family's share of the period's purchases less what went back to families: collected by the
    /// provider at its counter, shown for information, not part of the payout.</summary>
    public long FamilyCollectedFen { get; init; }

    /// <summary><c>to_be_paid</c>, <c>paid</c> or <c>failed</c>.</summary>
    public string Status { get; init; } = "";

    public string? BankReference { get; init; }

    /// <summary>The day the bureau paid (Asia/Shanghai).</summary>
    public DateOnly? PaidOn { get; init; }

    public string? StatusNote { get; init; }

    public DateTimeOffset? StatusAt { get; init; }

    public DateTimeOffset ClosedAt { get; init; }
}
