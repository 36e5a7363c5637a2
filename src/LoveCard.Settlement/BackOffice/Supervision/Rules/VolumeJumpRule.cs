using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>A provider's day of sales far above its own recent daily average.</summary>
public sealed class VolumeJumpRule : AnomalyRule
{
    public const string Name = "volume_jump";

    // A day of the provider's sales against its own average day over the 28 days before it; a
    // provider with no history is new, not jumping.
    private const string Query = $"""
        WITH {NewPurchases},
        days AS (SELECT DISTINCT provider_id, provider_county, booked_day FROM np),
        counted AS (
            SELECT d.provider_id, d.provider_county AS county, d.booked_day,
                   (SELECT count(*) FROM purchases p WHERE p.provider_id = d.provider_id AND p.booked_day = d.booked_day
                       AND p.status IN ('approved', 'voided')) AS day_count,
                   (SELECT count(*) FROM purchases p WHERE p.provider_id = d.provider_id
                       AND p.booked_day >= d.booked_day - 28 AND p.booked_day < d.booked_day AND p.status IN
                           ('approved', 'voided')) AS history
              FROM days d
        )
        SELECT 'volume_jump:' || provider_id || ':' || booked_day AS dedup_key, 'volume_jump' AS rule, county,
            provider_id,
               NULL::uuid AS card_id, NULL::uuid AS purchase_id,
               jsonb_build_object('day', booked_day, 'purchases', day_count, 'averagePerDay', round(history / 28.0, 2),
                   'thresholdPercent', bo_threshold(county, 'volume_jump_percent', @volume_jump_percent))::text AS
                       evidence
          FROM counted
         WHERE history > 0
           AND day_count >= bo_threshold(county, 'volume_jump_min_purchases', @volume_jump_min_purchases)
           AND day_count * 100 * 28 > history * bo_threshold(county, 'volume_jump_percent', @volume_jump_percent)
        """;

    public override string Code => Name;

    public override int CreditPoints => 3;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("volume_jump_percent", 300), // a day above 3x the 28-day daily average
        new("volume_jump_min_purchases", 20),
    ];

    public override string Sql => Query;
}
