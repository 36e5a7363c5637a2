namespace LoveCard.Settlement.BackOffice.Recoveries;

/// <summary>One purchase of a recovery and, once approved, what each source got back from it.</summary>
public sealed class RecoveryLineView
{
    public Guid PurchaseId { get; init; }

    public Guid? ElderId { get; init; }

    public string HomeCounty { get; init; } = "";

    public string Item { get; init; } = "";

    public long AmountFen { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    public DateTimeOffset? BookedAt { get; init; }
}
