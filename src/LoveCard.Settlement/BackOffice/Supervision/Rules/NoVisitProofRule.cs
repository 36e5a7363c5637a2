using Dapper;
using LoveCard.Contracts;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Core.Visits;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>
/// A home service sold without a visit that proves it (DOMAIN.md §8 "Home visits", ADR 0026): the purchase's
/// <c>visit_problems</c> say what failed (no visit named, out of the radius, too short, an unregistered care worker…).
/// A purchase booked before visits existed (<c>visit_problems</c> NULL) is judged as then: the care worker and the
/// place must be there.
/// </summary>
public sealed class NoVisitProofRule : AnomalyRule
{
    public const string Name = "no_visit_proof";

    /// <summary>
    /// The items given in the elder's home, which the terminal should sell with <c>careWorkerId</c> and
    /// <c>location</c> (TERMINAL-PROTOCOL.md, purchase request). The whitelist does not classify items
    /// (a county-added item carries only code, name, unit), so the standard home services are named here.
    /// </summary>
    public static readonly IReadOnlyList<string> HomeServiceItems =
    [
        ServiceItems.Bath,
        ServiceItems.Cleaning,
        ServiceItems.Mobility,
    ];

    // Counted over the provider's whole day, so a county threshold above 1 sees every unproven visit of that day.
    private const string Query = $"""
        WITH {NewPurchases},
        days AS (SELECT DISTINCT provider_id, booked_day FROM np
                  WHERE item = ANY(@HomeServiceItems) OR cardinality(visit_problems) > 0),
        unproven AS (
            -- The booked_at range (the Asia/Shanghai day, UTC+8) lets purchases_provider_booked read only that day.
            SELECT p.* FROM days d
              JOIN purchases p ON p.provider_id = d.provider_id AND p.booked_day = d.booked_day
                   AND p.booked_at >= (d.booked_day::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                   AND p.booked_at < (d.booked_day::timestamp + interval '16 hours') AT TIME ZONE 'UTC'
             WHERE p.status = 'approved'
               AND (cardinality(p.visit_problems) > 0
                    OR (p.visit_problems IS NULL AND p.item = ANY(@HomeServiceItems)
                        AND (p.care_worker_id IS NULL OR p.location_lat IS NULL OR p.location_lon IS NULL)))
        ), per_provider AS (
            SELECT provider_id, booked_day, min(provider_county) AS county, count(*) AS unproven,
                   (array_agg(purchase_id ORDER BY booked_at))[1] AS first_purchase,
                   jsonb_agg(jsonb_build_object('purchaseId', purchase_id, 'item', item, 'terminalId', terminal_id,
                       'bookedAt', booked_at,
                       'missing', to_jsonb(array_remove(ARRAY[
                           CASE WHEN care_worker_id IS NULL THEN 'careWorkerId' END,
                           CASE WHEN location_lat IS NULL OR location_lon IS NULL THEN 'location' END], NULL)),
                       'visitId', visit_id, 'problems', coalesce(to_jsonb(visit_problems), '[]'::jsonb))
                       ORDER BY booked_at) AS purchases
              FROM unproven GROUP BY provider_id, booked_day
        )
        SELECT 'no_visit_proof:' || provider_id || ':' || booked_day AS dedup_key, 'no_visit_proof' AS rule, county,
            provider_id,
               NULL::uuid AS card_id, first_purchase AS purchase_id,
               jsonb_build_object('day', booked_day, 'unproven', unproven, 'purchases', purchases,
                   'threshold', bo_threshold(county, 'no_visit_proof_count', @no_visit_proof_count),
                   'radiusM', bo_threshold(county, 'no_visit_proof_radius_m', @no_visit_proof_radius_m)
               )::text AS evidence
          FROM per_provider
         WHERE unproven >= bo_threshold(county, 'no_visit_proof_count', @no_visit_proof_count)
        """;

    public override string Code => Name;

    public override int CreditPoints => 2;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("no_visit_proof_count", 1), // unproven home visits by one provider in a day
        new("no_visit_proof_radius_m", VisitRules.DefaultRadiusM), // a visit proves within this many metres of the home
    ];

    public override string Sql => Query;

    public override void AddParameters(DynamicParameters parameters) =>
        parameters.Add("HomeServiceItems", HomeServiceItems.ToArray());
}
