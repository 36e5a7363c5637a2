using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>
/// Purchases on a dead elder's card (DOMAIN.md §8 "Death"): booked on or after the recorded date of death,
/// or after the card was revoked for death (the read model lagged, or a terminal was offline).
/// </summary>
public sealed class AfterDeathRule : AnomalyRule
{
    public const string Name = "after_death";

    // A purchase already listed by a death's look-back (LookBackSql) is not flagged again by the scan.
    private const string NotListed = """
        NOT EXISTS (SELECT 1 FROM anomalies a WHERE a.rule = 'after_death' AND a.evidence -> 'purchaseIds' ?
            np.purchase_id::text)
        """;

    private const string Query = $"""
        WITH {NewPurchases}
        SELECT 'after_death:' || np.purchase_id AS dedup_key, 'after_death' AS rule, np.provider_county AS county,
               np.provider_id, np.card_id, np.purchase_id,
               jsonb_build_object('purchaseId', np.purchase_id, 'bookedAt', np.booked_at, 'revokedAt', c.updated_at,
                   'cardStatus', c.status, 'statusReason', c.status_reason)::text AS evidence
          FROM np JOIN rm_cards c ON c.card_id = np.card_id
         WHERE c.status = 'revoked' AND c.status_reason = 'death'
           AND np.booked_at > c.updated_at + make_interval(mins => bo_threshold(np.provider_county,
               'after_death_grace_minutes', @after_death_grace_minutes)::int)
           AND {NotListed}
        UNION ALL
        SELECT 'after_death:' || np.purchase_id, 'after_death', np.provider_county, np.provider_id, np.card_id,
            np.purchase_id,
               jsonb_build_object('purchaseId', np.purchase_id, 'bookedAt', np.booked_at, 'elderId', d.elder_id,
                   'dateOfDeath', d.date_of_death, 'deathRecordedAt', d.recorded_at)::text
          FROM np JOIN elder_deaths d ON d.elder_id = np.elder_id
         WHERE np.booked_day >= d.date_of_death AND {NotListed}
        """;

    /// <summary>
    /// The look-back when a death is recorded (<c>@ElderId</c>): every purchase of the elder booked on or after
    /// the date of death, one finding per provider listing them, with the subsidy the sources paid on them.
    /// </summary>
    public const string LookBackSql = """
        WITH d AS (SELECT * FROM elder_deaths WHERE elder_id = @ElderId),
        hits AS (
            SELECT p.* FROM purchases p JOIN d ON p.elder_id = d.elder_id
             WHERE p.booked_day >= d.date_of_death AND p.status IN ('approved', 'voided')
        )
        SELECT 'after_death:' || d.elder_id || ':' || h.provider_id AS dedup_key, 'after_death' AS rule,
               min(h.provider_county) AS county, h.provider_id,
               (array_agg(h.card_id ORDER BY h.booked_at, h.purchase_id))[1] AS card_id,
               (array_agg(h.purchase_id ORDER BY h.booked_at, h.purchase_id))[1] AS purchase_id,
               jsonb_build_object('elderId', d.elder_id, 'dateOfDeath', d.date_of_death, 'deathRecordedAt',
                   d.recorded_at,
                   'purchases', count(*), 'purchaseIds', jsonb_agg(h.purchase_id ORDER BY h.booked_at, h.purchase_id),
                   'firstBookedAt', min(h.booked_at), 'lastBookedAt', max(h.booked_at),
                   'subsidyFen', sum(coalesce(h.fiscal_fen, 0) + coalesce(h.collective_fen, 0) + coalesce(h.charity_fen,
                       0))
               )::text AS evidence
          FROM hits h CROSS JOIN d
         GROUP BY d.elder_id, d.date_of_death, d.recorded_at, h.provider_id
        """;

    public override string Code => Name;

    public override int CreditPoints => 10;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } = [new("after_death_grace_minutes", 0)];

    public override string Sql => Query;
}
