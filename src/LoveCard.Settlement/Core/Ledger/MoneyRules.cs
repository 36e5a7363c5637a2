namespace LoveCard.Settlement.Core.Ledger;

/// <summary>
/// The money rules of DOMAIN.md §3 as pure functions: the provider discount, the split waterfall
/// and the refund allocation. Integers only; no floating point where money flows.
/// </summary>
public static class MoneyRules
{
    /// <summary><c>price = listPrice - floor(listPrice × discount / 100)</c>.</summary>
    public static long DiscountedPrice(long listPriceFen, int discountPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(listPriceFen);
        ArgumentOutOfRangeException.ThrowIfNegative(discountPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(discountPercent, 100);
        return listPriceFen - listPriceFen * discountPercent / 100;
    }

    /// <summary>
    /// The split waterfall: fiscal, collective and charity in that order each cover
    /// <c>floor(price × share / 100)</c>, limited by the elder's cap left for that source and by that
    /// fund's balance; the family pays whatever is not covered. A shortfall of one source is never
    /// moved to another subsidised source, and the four lines add up to the price exactly.
    /// </summary>
    public static SourceAmounts Split(long priceFen, Shares shares, SubsidyAmounts capLeft, SubsidyAmounts fundBalances)
    {
        var fiscal = Cover(priceFen, shares.FiscalPercent, capLeft.FiscalFen, fundBalances.FiscalFen);
        var collective = Cover(priceFen, shares.CollectivePercent, capLeft.CollectiveFen, fundBalances.CollectiveFen);
        var charity = Cover(priceFen, shares.CharityPercent, capLeft.CharityFen, fundBalances.CharityFen);
        // Shares are validated to sum to at most 100 where policies are read, but the waterfall
        // stays safe on its own: no line may take more than the price left after the lines before it.
        collective = Math.Min(collective, priceFen - fiscal);
        charity = Math.Min(charity, priceFen - fiscal - collective);
        return new SourceAmounts(fiscal, collective, charity, priceFen - fiscal - collective - charity);
    }

    /// <summary>What one source would cover before caps and balances: <c>floor(price × share / 100)</c>.</summary>
    public static long ShareOf(long priceFen, int sharePercent) => priceFen * Math.Clamp(sharePercent, 0, 100) / 100;

    private static long Cover(long priceFen, int sharePercent, long capLeftFen, long balanceFen) =>
        Math.Max(0, Math.Min(ShareOf(priceFen, sharePercent), Math.Min(capLeftFen, balanceFen)));

    /// <summary>
    /// Allocates a refund of <paramref name="refundFen"/> from a purchase of price <c>p</c> whose
    /// sources paid <paramref name="paid"/> and have had <paramref name="back"/> returned so far:
    /// source i gets <c>min(floor(r × paid_i / p), paid_i - back_i)</c>, then the fen still missing
    /// go one at a time to family, charity, collective, fiscal, cycling and skipping a source with
    /// nothing left to get back. So no source ever gets back more than it paid, and refunding all
    /// that remains returns each source exactly its remainder.
    /// </summary>
    public static SourceAmounts AllocateRefund(long refundFen, SourceAmounts paid, SourceAmounts back)
    {
        var remaining = paid.Minus(back);
        if (refundFen <= 0 || refundFen > remaining.TotalFen)
        {
            throw new ArgumentOutOfRangeException(
                nameof(refundFen),
                $"A refund must be between 1 and the {remaining.TotalFen} fen that remain."
            );
        }

        var price = paid.TotalFen;
        // Order of the fen-by-fen round: family, charity, collective, fiscal.
        long[] paidBy = [paid.FamilyFen, paid.CharityFen, paid.CollectiveFen, paid.FiscalFen];
        long[] left = [remaining.FamilyFen, remaining.CharityFen, remaining.CollectiveFen, remaining.FiscalFen];
        var give = new long[4];
        for (var i = 0; i < 4; i++)
        {
            give[i] = Math.Min(refundFen * paidBy[i] / price, left[i]);
        }

        var missing = refundFen - give.Sum();
        // Each round gives every source with something left at least one fen, so this ends after at
        // most `missing` passes; in practice the floor loses fewer than four fen.
        while (missing > 0)
        {
            var gaveThisRound = false;
            for (var i = 0; i < 4 && missing > 0; i++)
            {
                if (left[i] - give[i] > 0)
                {
                    give[i]++;
                    missing--;
                    gaveThisRound = true;
                }
            }

            if (!gaveThisRound)
            {
                throw new InvalidOperationException(
                    "Refund allocation ran out of sources; the remainder check above should make this impossible."
                );
            }
        }

        return new SourceAmounts(FiscalFen: give[3], CollectiveFen: give[2], CharityFen: give[1], FamilyFen: give[0]);
    }
}
