using LoveCard.Contracts;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Which items are given in the elder's home, and the shortest visit that proves one (DOMAIN.md §8 "Home visits",
/// ADR 0026): as the county's price standard in force marks it, else the item's default (bath, cleaning and
/// mobility are home services). Purchases and visits both ask.
/// </summary>
public static class HomeServices
{
    /// <summary>The shortest visit of an item a county marks without saying how long.</summary>
    public const int DefaultMinimumMinutes = 30;

    public static (bool HomeService, int MinimumMinutes) Resolve(string item, bool? marked, int? minimumMinutes)
    {
        var hasDefault = ServiceItems.HomeServiceMinimumMinutes.TryGetValue(item, out var defaultMinutes);
        var homeService = marked ?? hasDefault;
        return (homeService, minimumMinutes ?? (hasDefault ? defaultMinutes : DefaultMinimumMinutes));
    }
}
