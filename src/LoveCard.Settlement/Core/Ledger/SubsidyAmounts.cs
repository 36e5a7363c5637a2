namespace LoveCard.Settlement.Core.Ledger;

/// <summary>An amount per subsidised source (caps, cap usage, fund balances), in fen.</summary>
public readonly record struct SubsidyAmounts(long FiscalFen, long CollectiveFen, long CharityFen)
{
    public long this[int source] =>
        source switch
        {
            0 => FiscalFen,
            1 => CollectiveFen,
            2 => CharityFen,
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };

    /// <summary><c>max(0, cap - used)</c> per source: after a mid-month change what was used still counts (DOMAIN.md
    /// §3).</summary>
    public static SubsidyAmounts Remaining(SubsidyAmounts caps, SubsidyAmounts used) =>
        new(
            Math.Max(0, caps.FiscalFen - used.FiscalFen),
            Math.Max(0, caps.CollectiveFen - used.CollectiveFen),
            Math.Max(0, caps.CharityFen - used.CharityFen)
        );
}
