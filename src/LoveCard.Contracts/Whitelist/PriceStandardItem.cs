namespace LoveCard.Contracts.Whitelist;

/// <param name="HomeService">
/// Given in the elder's home, so a purchase names a proven visit (DOMAIN.md §8 "Home visits"); null in events from
/// before visits, read as the default (<see cref="ServiceItems.HomeServiceMinimumMinutes"/>).
/// </param>
/// <param name="MinimumVisitMinutes">The shortest visit that proves a home service; null when not a home
/// service.</param>
public sealed record PriceStandardItem(
    string ItemCode,
    string Name,
    string Unit,
    long CeilingFen,
    bool? HomeService = null,
    int? MinimumVisitMinutes = null
);
