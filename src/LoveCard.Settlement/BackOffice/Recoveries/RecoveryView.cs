namespace LoveCard.Settlement.BackOffice.Recoveries;

/// <summary>A recovery as answered: what was proposed, by whom, and (once approved) what was booked.</summary>
public sealed class RecoveryView
{
    public Guid RecoveryId { get; init; }

    public string County { get; init; } = "";

    public Guid ProviderId { get; init; }

    public Guid? AnomalyId { get; init; }

    public string Reason { get; init; } = "";

    /// <summary><c>proposed</c> or <c>approved</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>What the provider held on the purchases when proposed.</summary>
    public long ProposedFen { get; init; }

    /// <summary>What was taken back on approval (what the provider still held then); null until approved.</summary>
    public long? AmountFen { get; init; }

    public string ProposedBy { get; init; } = "";

    public DateTimeOffset ProposedAt { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public IReadOnlyList<RecoveryLineView> Lines { get; set; } = [];
}
