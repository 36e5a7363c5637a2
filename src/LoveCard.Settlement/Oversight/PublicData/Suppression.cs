using System.Globalization;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>
/// Small-count suppression for the public statistics (DOMAIN.md §6: "A count under 10 is shown as
/// <c>&lt;10</c>, so no one can be singled out"). Amounts are not counts, but an amount summed over
/// fewer than 10 purchases can still point at one elder or one provider, so it is left out (null)
/// whenever its purchase count is suppressed. And when a total is shown and exactly one of its
/// parts is suppressed, the smallest other part is suppressed too, so the hidden one cannot be
/// worked out as the total minus the rest (secondary suppression).
/// </summary>
public static class Suppression
{
    public const int Threshold = 10;

    public const string Small = "<10";

    public static bool Hides(long count) => count < Threshold;

    public static string Count(long count) => Hides(count) ? Small : count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The keys of <paramref name="cells"/> to hide, given whether their total is shown.</summary>
    public static IReadOnlySet<TKey> Cells<TKey>(IReadOnlyList<(TKey Key, long Count)> cells, bool totalShown)
        where TKey : notnull
    {
        var hidden = cells.Where(c => Hides(c.Count)).Select(c => c.Key).ToHashSet();
        if (totalShown && hidden.Count == 1 && cells.Count > 1)
        {
            hidden.Add(cells.Where(c => !hidden.Contains(c.Key)).MinBy(c => c.Count).Key);
        }

        return hidden;
    }
}
