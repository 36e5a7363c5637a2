namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// The provincial charity fund's allocation rule (ADR 0038): county c gets
/// <c>A × w_c × e_c / Σ(w × e)</c> floored to the fen, where <c>e</c> is its eligible elders and <c>w</c> its
/// weight; the fen left over go one each to the counties with the largest remainders (ties: lower county
/// code first), so the parts sum to <c>A</c> exactly. Integer arithmetic only (128-bit products).
/// </summary>
public static class CharityRule
{
    /// <summary>The shares in county-code order; null when no county has a weighted elder (nothing to divide
    /// by).</summary>
    public static IReadOnlyList<CharityShareView>? Split(
        long amountFen,
        IReadOnlyList<CharityCounty> counties,
        CharityWeights weights
    )
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amountFen);
        var ordered = counties.OrderBy(c => c.County, StringComparer.Ordinal).ToArray();
        var weighted = ordered.Select(c => (Int128)weights.For(c.MountainOrIsland) * c.EligibleElders).ToArray();
        Int128 total = 0;
        foreach (var w in weighted)
        {
            total += w;
        }

        if (total == 0)
        {
            return null;
        }

        var amounts = new long[ordered.Length];
        var remainders = new Int128[ordered.Length];
        long given = 0;
        for (var i = 0; i < ordered.Length; i++)
        {
            var product = amountFen * weighted[i];
            amounts[i] = (long)(product / total);
            remainders[i] = product % total;
            given += amounts[i];
        }

        var left = amountFen - given;
        var byRemainder = Enumerable
            .Range(0, ordered.Length)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => ordered[i].County, StringComparer.Ordinal)
            .Take((int)left);
        foreach (var i in byRemainder)
        {
            amounts[i]++;
        }

        return ordered
            .Select(
                (c, i) =>
                    new CharityShareView(
                        c.County,
                        c.MountainOrIsland,
                        c.EligibleElders,
                        weights.For(c.MountainOrIsland),
                        amounts[i]
                    )
            )
            .ToArray();
    }
}
