using LoveCard.Settlement.Core.Ledger;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// What the booking of one purchase works with: the record, the cap month, the fund shard the draws
/// prefer, the provider's payable account and the cap usage before this purchase.
/// </summary>
internal sealed record Booking(
    PurchaseRecord Record,
    DateOnly CapMonth,
    int Shard,
    string Payable,
    SubsidyAmounts UsedBefore
)
{
    /// <summary>The caps left once <paramref name="split"/> is booked.</summary>
    public SubsidyAmounts Remaining(SourceAmounts split) =>
        SubsidyAmounts.Remaining(
            Record.Evaluation.Caps,
            new SubsidyAmounts(
                UsedBefore.FiscalFen + split.FiscalFen,
                UsedBefore.CollectiveFen + split.CollectiveFen,
                UsedBefore.CharityFen + split.CharityFen
            )
        );
}
