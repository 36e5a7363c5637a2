namespace LoveCard.Settlement.Core.Purchases;

public sealed class ReversalRow
{
    public Guid ReversalId { get; init; }

    public Guid PurchaseId { get; init; }

    public string Kind { get; init; } = "";

    public long AmountFen { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    public long FamilyFen { get; init; }

    public string? Reason { get; init; }

    public DateTime BookedAt { get; init; }
}
