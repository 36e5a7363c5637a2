using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>A provider whose sales sit at the county's price ceiling nearly always.</summary>
public sealed class PriceAtCeilingRule : AnomalyRule
{
    public const string Name = "price_at_ceiling";

    // The provider's last 30 days up to the window's end: the share of sales whose list price is at
    // (or above) the ceiling in force on the sale's day, per unit.
    private const string Query = $"""
        WITH {NewPurchases},
        sales AS (
            SELECT p.provider_id, p.provider_county, p.purchase_id,
                   (p.list_price_fen >= s.ceiling_fen * p.quantity) AS at_ceiling
              FROM purchases p
              JOIN LATERAL (
                  SELECT ceiling_fen FROM rm_price_standards s
                   WHERE s.county = p.provider_county AND s.item_code = p.item AND s.effective_from <= p.booked_day
                   ORDER BY s.effective_from DESC, s.standard_version DESC LIMIT 1) s ON true
             WHERE p.provider_id IN (SELECT provider_id FROM np) AND p.status IN ('approved', 'voided')
               AND p.booked_at >= @To - interval '30 days' AND p.booked_at < @To AND p.list_price_fen IS NOT NULL
        ), per_provider AS (
            SELECT provider_id, min(provider_county) AS county, count(*) AS sales, count(*) FILTER (WHERE at_ceiling) AS
                at_ceiling
              FROM sales GROUP BY provider_id
        )
        SELECT 'price_at_ceiling:' || provider_id || ':' || to_char(@To AT TIME ZONE 'UTC' + interval '8 hours',
            'YYYY-MM') AS dedup_key,
               'price_at_ceiling' AS rule, county, provider_id, NULL::uuid AS card_id, NULL::uuid AS purchase_id,
               jsonb_build_object('sales', sales, 'atCeiling', at_ceiling, 'percent', round(100.0 * at_ceiling / sales,
                   1),
                   'thresholdPercent', bo_threshold(county, 'price_at_ceiling_percent', @price_at_ceiling_percent),
                       'days', 30)::text AS evidence
          FROM per_provider
         WHERE sales >= bo_threshold(county, 'price_at_ceiling_min_purchases', @price_at_ceiling_min_purchases)
           AND 100 * at_ceiling >= sales * bo_threshold(county, 'price_at_ceiling_percent', @price_at_ceiling_percent)
        """;

    public override string Code => Name;

    public override int CreditPoints => 5;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("price_at_ceiling_percent", 95), // share of the last 30 days' sales at the ceiling
        new("price_at_ceiling_min_purchases", 20), // too few sales say nothing
    ];

    public override string Sql => Query;
}
