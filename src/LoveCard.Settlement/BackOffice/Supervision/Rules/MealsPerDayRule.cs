using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>More meals in one Asia/Shanghai day on one card than a person eats.</summary>
public sealed class MealsPerDayRule : AnomalyRule
{
    public const string Name = MealsPerDayHold.Name;

    private const string Query = $"""
        WITH {NewPurchases},
        days AS (
            SELECT p.card_id, p.booked_day, sum(p.quantity) AS meals, array_agg(p.purchase_id ORDER BY p.booked_at) AS
                purchases,
                   (array_agg(p.provider_id ORDER BY p.booked_at DESC))[1] AS provider_id,
                   (array_agg(p.provider_county ORDER BY p.booked_at DESC))[1] AS county,
                   (array_agg(p.purchase_id ORDER BY p.booked_at DESC))[1] AS last_purchase
              FROM purchases p
             WHERE p.item = 'meal' AND p.status = 'approved'
               AND (p.card_id, p.booked_day) IN (SELECT card_id, booked_day FROM np WHERE item = 'meal' AND card_id IS
                   NOT NULL)
             GROUP BY p.card_id, p.booked_day
        )
        SELECT 'meals_per_day:' || card_id || ':' || booked_day AS dedup_key, 'meals_per_day' AS rule, county,
            provider_id, card_id,
               last_purchase AS purchase_id,
               jsonb_build_object('day', booked_day, 'meals', meals, 'threshold', bo_threshold(county, 'meals_per_day',
                   @meals_per_day),
                   'purchaseIds', purchases)::text AS evidence
          FROM days
         WHERE meals > bo_threshold(county, 'meals_per_day', @meals_per_day)
        """;

    public override string Code => Name;

    public override int CreditPoints => 2;

    /// <summary>The threshold the terminal hold of the same code reads (Core/Holds).</summary>
    public override IReadOnlyList<CountyThreshold> Thresholds { get; } = [MealsPerDayHold.MealsPerDay];

    public override string Sql => Query;
}
