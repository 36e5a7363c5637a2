using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>The same card at two providers further apart than a person travels in the time between.</summary>
public sealed class ImpossibleTravelRule : AnomalyRule
{
    public const string Name = ImpossibleTravelHold.Name;

    // The latest earlier purchase of the card at another provider within a day, and how fast one
    // would have had to travel between the two places (the purchase's own location, else its terminal's).
    private const string Query = $"""
        WITH {NewPurchases},
        located AS (
            SELECT p.purchase_id, p.card_id, p.provider_id, p.provider_county, p.booked_at,
                   coalesce(p.location_lat, t.latitude) AS lat, coalesce(p.location_lon, t.longitude) AS lon
              FROM purchases p LEFT JOIN terminals t ON t.terminal_id = p.terminal_id
             WHERE p.card_id IN (SELECT card_id FROM np WHERE card_id IS NOT NULL)
               AND p.booked_at >= @From - interval '1 day' AND p.booked_at < @To AND p.status IN ('approved', 'voided')
        ), pairs AS (
            SELECT a.*, b.purchase_id AS prev_id, b.provider_id AS prev_provider, b.booked_at AS prev_at,
                   bo_distance_km(b.lat, b.lon, a.lat, a.lon) AS km,
                   greatest(extract(epoch FROM a.booked_at - b.booked_at) / 3600.0, 1.0 / 60) AS hours
              FROM located a
              JOIN LATERAL (
                  SELECT * FROM located b
                   WHERE b.card_id = a.card_id AND b.booked_at < a.booked_at AND b.provider_id <> a.provider_id
                     AND b.booked_at > a.booked_at - interval '1 day'
                   ORDER BY b.booked_at DESC LIMIT 1) b ON true
             WHERE a.purchase_id IN (SELECT purchase_id FROM np) AND a.lat IS NOT NULL AND b.lat IS NOT NULL
        )
        SELECT 'impossible_travel:' || card_id || ':' || prev_id || ':' || purchase_id AS dedup_key, 'impossible_travel'
            AS rule,
               provider_county AS county, provider_id, card_id, purchase_id,
               jsonb_build_object('previousPurchaseId', prev_id, 'previousProviderId', prev_provider, 'previousAt',
                   prev_at,
                   'purchaseId', purchase_id, 'providerId', provider_id, 'at', booked_at, 'distanceKm',
                       round(km::numeric, 1),
                   'minutes', round((hours * 60)::numeric, 1), 'speedKmh', round((km / hours)::numeric, 1),
                   'thresholdKmh', bo_threshold(provider_county, 'impossible_travel_kmh', @impossible_travel_kmh))::text
                       AS evidence
          FROM pairs
         WHERE km >= bo_threshold(provider_county, 'impossible_travel_min_km', @impossible_travel_min_km)
           AND km / hours > bo_threshold(provider_county, 'impossible_travel_kmh', @impossible_travel_kmh)
        """;

    public override string Code => Name;

    public override int CreditPoints => 3;

    /// <summary>The thresholds the terminal hold of the same code reads (Core/Holds).</summary>
    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [ImpossibleTravelHold.SpeedKmh, ImpossibleTravelHold.MinimumKm];

    public override string Sql => Query;
}
