using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>Many purchases by one card at one provider in a short window: a sale split to stay under a cap or a price
/// check.</summary>
public sealed class SplitPurchasesRule : AnomalyRule
{
    public const string Name = "split_purchases";

    private const string Query = $"""
        WITH {NewPurchases},
        bursts AS (
            SELECT n.purchase_id, n.card_id, n.provider_id, n.provider_county AS county, n.booked_at, n.booked_day,
                   array_agg(p.purchase_id ORDER BY p.booked_at) AS purchases, sum(p.price_fen) AS total_fen
              FROM np n
              JOIN purchases p ON p.card_id = n.card_id AND p.provider_id = n.provider_id AND p.status IN ('approved',
                  'voided')
                   AND p.booked_at <= n.booked_at
                   AND p.booked_at > n.booked_at - make_interval(mins => bo_threshold(n.provider_county,
                       'split_purchases_window_minutes', @split_purchases_window_minutes)::int)
             WHERE n.card_id IS NOT NULL
             GROUP BY n.purchase_id, n.card_id, n.provider_id, n.provider_county, n.booked_at, n.booked_day
        )
        SELECT DISTINCT ON (card_id, provider_id, booked_day)
               'split_purchases:' || card_id || ':' || provider_id || ':' || booked_day AS dedup_key, 'split_purchases'
                   AS rule, county,
               provider_id, card_id, purchase_id,
               jsonb_build_object('day', booked_day, 'purchases', cardinality(purchases), 'purchaseIds', purchases,
                   'totalFen', total_fen,
                   'windowMinutes', bo_threshold(county, 'split_purchases_window_minutes',
                       @split_purchases_window_minutes))::text AS evidence
          FROM bursts
         WHERE cardinality(purchases) >= bo_threshold(county, 'split_purchases_count', @split_purchases_count)
         ORDER BY card_id, provider_id, booked_day, booked_at
        """;

    public override string Code => Name;

    public override int CreditPoints => 3;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("split_purchases_count", 3), // this many by one card at one provider ...
        new("split_purchases_window_minutes", 30), // ... within this many minutes
    ];

    public override string Sql => Query;
}
