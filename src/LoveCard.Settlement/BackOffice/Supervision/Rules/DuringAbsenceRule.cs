using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>A purchase given while the elder was recorded in hospital or away (<c>elder_absences</c>).</summary>
public sealed class DuringAbsenceRule : AnomalyRule
{
    public const string Name = "during_absence";

    // An absence (elder_absences, 042) covering when the service was given: the terminal's
    // occurredAt, not the booking time, since an offline terminal books a day late. The grace keeps
    // the edges out (admission and discharge times are written down roughly). One finding per absence
    // and provider, listing its purchases seen by then: a canteen that kept booking meals for an elder
    // in hospital is one matter, not one per meal, and the credit score is docked once. The body is
    // shared by the scan over new purchases and the check of an absence just recorded (AbsenceStore,
    // through AnomalyScanner.ScanAbsenceAsync).
    private const string Body = """
        SELECT 'during_absence:' || a.absence_id || ':' || np.provider_id AS dedup_key, 'during_absence' AS rule,
               min(np.provider_county) AS county, np.provider_id,
               (array_agg(np.card_id ORDER BY np.occurred_at, np.purchase_id))[1] AS card_id,
               (array_agg(np.purchase_id ORDER BY np.occurred_at, np.purchase_id))[1] AS purchase_id,
               jsonb_build_object('elderId', a.elder_id, 'absenceId', a.absence_id, 'kind', a.kind, 'from', a.from_at,
                   'to', a.to_at,
                   'purchases', count(*), 'purchaseIds', to_jsonb(array_agg(np.purchase_id ORDER BY np.occurred_at,
                       np.purchase_id)),
                   'items', to_jsonb(array_agg(np.item ORDER BY np.occurred_at, np.purchase_id)),
                   'occurredAt', to_jsonb(array_agg(np.occurred_at ORDER BY np.occurred_at, np.purchase_id)),
                   'graceMinutes', min(g.grace))::text AS evidence
          FROM np JOIN elder_absences a ON a.elder_id = np.elder_id AND a.status = 'recorded'
         CROSS JOIN LATERAL (SELECT bo_threshold(np.provider_county, 'during_absence_grace_minutes',
             @during_absence_grace_minutes) AS grace) AS g
         WHERE np.occurred_at >= a.from_at + make_interval(mins => g.grace::int)
           AND np.occurred_at < a.to_at - make_interval(mins => g.grace::int)
        """;

    private const string Group = "GROUP BY a.absence_id, a.elder_id, a.kind, a.from_at, a.to_at, np.provider_id";

    private const string Query = $"""
        WITH {NewPurchases}
        {Body}
        {Group}
        """;

    /// <summary>The elder's purchases around one absence (occurredAt may lead the booking by 300 s, lag it by 24
    /// h).</summary>
    public const string OneAbsenceSql = $"""
        WITH np AS (
            SELECT p.* FROM elder_absences a JOIN purchases p ON p.elder_id = a.elder_id
             WHERE a.absence_id = @AbsenceId AND a.status = 'recorded' AND p.status IN ('approved', 'voided')
               AND p.booked_at >= a.from_at - interval '1 hour' AND p.booked_at < a.to_at + interval '1 day'
        )
        {Body}
           AND a.absence_id = @AbsenceId
        {Group}
        """;

    public override string Code => Name;

    public override int CreditPoints => 5;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("during_absence_grace_minutes", 60), // admission and discharge times are recorded roughly
    ];

    public override string Sql => Query;
}
