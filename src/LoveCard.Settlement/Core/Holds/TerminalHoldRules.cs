namespace LoveCard.Settlement.Core.Holds;

/// <summary>
/// The supervision rules that stop a purchase at the terminal, registered in one place (DOMAIN.md §6).
/// Each is one file holding its code, thresholds, place in the order and decision, found here by its
/// base class (ADR 0024). The other rules only flag after the fact (the back office's anomaly rules),
/// because they need history a single sale does not show.
/// </summary>
public static class TerminalHoldRules
{
    /// <summary>
    /// Every hold: each concrete <see cref="HoldRule"/> of this assembly, made once at start, checked in
    /// the order of their <see cref="HoldRule.CheckOrder"/>; the first that holds names the purchase's hold.
    /// </summary>
    public static readonly IReadOnlyList<HoldRule> Registered =
    [
        .. typeof(HoldRule)
            .Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsSubclassOf(typeof(HoldRule)))
            .Select(type => (HoldRule)Activator.CreateInstance(type)!)
            .OrderBy(rule => rule.CheckOrder),
    ];

    /// <summary>The rule code that holds the purchase, or null to let it through. Pure: the same context always gives
    /// the same answer.</summary>
    public static string? ShouldHold(HoldContext context) =>
        Registered.FirstOrDefault(rule => rule.Holds(context))?.Code;

    /// <summary>Great-circle distance (haversine), as <c>bo_distance_km</c> in SQL.</summary>
    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        static double Rad(double deg) => deg * Math.PI / 180;
        var h =
            Math.Pow(Math.Sin(Rad(b.Lat - a.Lat) / 2), 2)
            + Math.Cos(Rad(a.Lat)) * Math.Cos(Rad(b.Lat)) * Math.Pow(Math.Sin(Rad(b.Lon - a.Lon) / 2), 2);
        return 2 * 6371.0 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
