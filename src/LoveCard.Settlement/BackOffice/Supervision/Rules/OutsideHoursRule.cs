using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>A terminal used outside its provider's opening hours.</summary>
public sealed class OutsideHoursRule : AnomalyRule
{
    public const string Name = "outside_hours";

    // The booking's Asia/Shanghai wall-clock time against the terminal's hours (which may run past midnight).
    private const string Query = $"""
        WITH {NewPurchases},
        timed AS (
            SELECT np.purchase_id, np.terminal_id, np.provider_id, np.provider_county AS county, np.booked_at,
                np.booked_day,
                   (np.booked_at AT TIME ZONE 'UTC' + interval '8 hours')::time AS local_time, t.opens_at, t.closes_at,
                   make_interval(mins => bo_threshold(np.provider_county, 'outside_hours_grace_minutes',
                       @outside_hours_grace_minutes)::int) AS grace
              FROM np JOIN terminals t ON t.terminal_id = np.terminal_id
             WHERE t.opens_at IS NOT NULL AND t.closes_at IS NOT NULL
        ), outside AS (
            SELECT * FROM timed
             WHERE CASE WHEN opens_at <= closes_at
                        THEN local_time < opens_at - grace OR local_time > closes_at + grace
                        ELSE local_time > closes_at + grace AND local_time < opens_at - grace END
               -- A grace that wraps past midnight makes the comparison meaningless; treat such hours as always open.
               AND opens_at - grace <= opens_at AND closes_at + grace >= closes_at
        )
        SELECT DISTINCT ON (terminal_id, booked_day)
               'outside_hours:' || terminal_id || ':' || booked_day AS dedup_key, 'outside_hours' AS rule, county,
                   provider_id,
               NULL::uuid AS card_id, purchase_id,
               jsonb_build_object('terminalId', terminal_id, 'purchaseId', purchase_id, 'localTime', to_char(local_time,
                   'HH24:MI:SS'),
                   'opensAt', to_char(opens_at, 'HH24:MI'), 'closesAt', to_char(closes_at, 'HH24:MI'), 'day',
                       booked_day)::text AS evidence
          FROM outside
         ORDER BY terminal_id, booked_day, booked_at
        """;

    public override string Code => Name;

    public override int CreditPoints => 2;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } = [new("outside_hours_grace_minutes", 15)];

    public override string Sql => Query;
}
