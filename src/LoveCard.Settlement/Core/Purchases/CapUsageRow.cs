namespace LoveCard.Settlement.Core.Purchases;

public sealed class CapUsageRow
{
    public long FiscalUsedFen { get; init; }

    public long CollectiveUsedFen { get; init; }

    public long CharityUsedFen { get; init; }
}
