namespace LoveCard.Settlement.Core.Ledger;

/// <summary>An amount per funding source (DOMAIN.md §3: 财政, 集体, 慈善, 家庭), in fen.</summary>
public readonly record struct SourceAmounts(long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen)
{
    public static readonly SourceAmounts Zero = default;

    public long TotalFen => FiscalFen + CollectiveFen + CharityFen + FamilyFen;

    public long SubsidyFen => FiscalFen + CollectiveFen + CharityFen;

    public SourceAmounts Minus(SourceAmounts other) =>
        new(
            FiscalFen - other.FiscalFen,
            CollectiveFen - other.CollectiveFen,
            CharityFen - other.CharityFen,
            FamilyFen - other.FamilyFen
        );

    public SourceAmounts Plus(SourceAmounts other) =>
        new(
            FiscalFen + other.FiscalFen,
            CollectiveFen + other.CollectiveFen,
            CharityFen + other.CharityFen,
            FamilyFen + other.FamilyFen
        );
}
