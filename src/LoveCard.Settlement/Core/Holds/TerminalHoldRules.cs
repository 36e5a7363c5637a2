using Dapper;
using LoveCard.Contracts;
using Npgsql;

namespace LoveCard.Settlement.Core.Holds;

/// <summary>A place, in degrees.</summary>
public readonly record struct GeoPoint(double Lat, double Lon);

/// <summary>The card's last approved purchase at another provider (for impossible travel).</summary>
public sealed record PreviousPurchase(Guid PurchaseId, Guid ProviderId, DateTimeOffset BookedAt, GeoPoint? Location);

/// <summary>
/// What the terminal hold rules need about one purchase being authorised, loaded in the purchase's
/// own transaction by <see cref="HoldContextQuery"/>, with the county's thresholds resolved.
/// </summary>
public sealed record HoldContext(
    string Item,
    int Quantity,
    Guid ProviderId,
    DateTimeOffset Now,
    GeoPoint? Location,
    long MealsTodayBefore,
    long MealsPerDayLimit,
    PreviousPurchase? Previous,
    long TravelKmhLimit,
    long TravelMinKm);

/// <summary>
/// The supervision rules that stop a purchase at the terminal, as the <c>held_for_review</c> decline
/// (DOMAIN.md §6: "Rules that should stop a purchase at the terminal decline it"): more meals today
/// than the county allows, and the card at a place it could not have reached since its last purchase.
/// Pure: the same context always gives the same answer. The other rules only flag after the fact
/// (the back office's anomaly scanner), because they need history a single sale does not show.
/// </summary>
public static class TerminalHoldRules
{
    /// <summary>More meals today than the county allows (also an anomaly rule of the back office, same code).</summary>
    public const string MealsPerDay = "meals_per_day";

    /// <summary>The card at a place it could not have reached since its last purchase (also an anomaly rule, same code).</summary>
    public const string ImpossibleTravel = "impossible_travel";

    /// <summary>The thresholds these holds read and their defaults; the back office's anomaly rules share them.</summary>
    public static readonly IReadOnlyDictionary<string, long> Defaults = new Dictionary<string, long>
    {
        ["impossible_travel_kmh"] = 60,          // faster than a bus between two sales
        ["impossible_travel_min_km"] = 2,        // closer than this is GPS noise or neighbouring counters
        ["meals_per_day"] = 3,                   // breakfast, lunch, dinner
    };

    /// <summary>The rule code that holds the purchase, or null to let it through.</summary>
    public static string? ShouldHold(HoldContext ctx)
    {
        if (ctx.Item == ServiceItems.Meal && ctx.MealsTodayBefore + ctx.Quantity > ctx.MealsPerDayLimit)
        {
            return MealsPerDay;
        }

        if (ctx.Previous is { Location: { } from } previous && ctx.Location is { } to && previous.ProviderId != ctx.ProviderId)
        {
            var km = DistanceKm(from, to);
            var hours = Math.Max((ctx.Now - previous.BookedAt).TotalHours, 1.0 / 60);
            if (km >= ctx.TravelMinKm && km / hours > ctx.TravelKmhLimit)
            {
                return ImpossibleTravel;
            }
        }

        return null;
    }

    /// <summary>Great-circle distance (haversine), as <c>bo_distance_km</c> in SQL.</summary>
    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        static double Rad(double deg) => deg * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(b.Lat - a.Lat) / 2), 2)
            + Math.Cos(Rad(a.Lat)) * Math.Cos(Rad(b.Lat)) * Math.Pow(Math.Sin(Rad(b.Lon - a.Lon) / 2), 2);
        return 2 * 6371.0 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

/// <summary>Loads a <see cref="HoldContext"/> within the purchase path's connection and transaction.</summary>
public static class HoldContextQuery
{
    private sealed class Row
    {
        public long MealsToday { get; init; }

        public long MealsLimit { get; init; }

        public long KmhLimit { get; init; }

        public long MinKm { get; init; }

        public double? TerminalLat { get; init; }

        public double? TerminalLon { get; init; }

        public Guid? PrevPurchaseId { get; init; }

        public Guid? PrevProviderId { get; init; }

        public DateTime? PrevBookedAt { get; init; }

        public double? PrevLat { get; init; }

        public double? PrevLon { get; init; }
    }

    /// <param name="location">The location the terminal sent with the purchase, if any; else the terminal's registered place.</param>
    public static async Task<HoldContext> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid cardId, Guid providerId,
        string providerCounty, string terminalId, string item, int quantity, GeoPoint? location, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            SELECT (SELECT coalesce(sum(quantity), 0) FROM purchases
                     WHERE card_id = @CardId AND item = 'meal' AND status = 'approved' AND booked_day = @Today)::bigint AS meals_today,
                   bo_threshold(@County, 'meals_per_day', @MealsDefault) AS meals_limit,
                   bo_threshold(@County, 'impossible_travel_kmh', @KmhDefault) AS kmh_limit,
                   bo_threshold(@County, 'impossible_travel_min_km', @MinKmDefault) AS min_km,
                   t.latitude AS terminal_lat, t.longitude AS terminal_lon,
                   prev.purchase_id AS prev_purchase_id, prev.provider_id AS prev_provider_id, prev.booked_at AS prev_booked_at,
                   prev.lat AS prev_lat, prev.lon AS prev_lon
              FROM (SELECT 1) one
              LEFT JOIN terminals t ON t.terminal_id = @TerminalId
              LEFT JOIN LATERAL (
                  SELECT p.purchase_id, p.provider_id, p.booked_at,
                         coalesce(p.location_lat, pt.latitude) AS lat, coalesce(p.location_lon, pt.longitude) AS lon
                    FROM purchases p LEFT JOIN terminals pt ON pt.terminal_id = p.terminal_id
                   WHERE p.card_id = @CardId AND p.status IN ('approved', 'voided') AND p.provider_id <> @ProviderId
                     AND p.booked_at > @Now - interval '1 day' AND p.booked_at <= @Now
                   ORDER BY p.booked_at DESC LIMIT 1) prev ON true
            """;
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(sql, new
        {
            CardId = cardId,
            Today = LoveCard.Hosting.Shanghai.Today(now),
            County = providerCounty,
            MealsDefault = TerminalHoldRules.Defaults["meals_per_day"],
            KmhDefault = TerminalHoldRules.Defaults["impossible_travel_kmh"],
            MinKmDefault = TerminalHoldRules.Defaults["impossible_travel_min_km"],
            TerminalId = terminalId,
            ProviderId = providerId,
            Now = now.UtcDateTime,
        }, transaction, cancellationToken: ct));

        var here = location ?? (row.TerminalLat is { } lat && row.TerminalLon is { } lon ? new GeoPoint(lat, lon) : null);
        var previous = row.PrevPurchaseId is { } prevId
            ? new PreviousPurchase(prevId, row.PrevProviderId!.Value, new DateTimeOffset(DateTime.SpecifyKind(row.PrevBookedAt!.Value, DateTimeKind.Utc)),
                row.PrevLat is { } pl && row.PrevLon is { } pn ? new GeoPoint(pl, pn) : null)
            : null;
        return new HoldContext(item, quantity, providerId, now, here, row.MealsToday, row.MealsLimit, previous, row.KmhLimit, row.MinKm);
    }
}
