using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>A purchase booked after the card was revoked for death (the read model lagged, or a terminal was offline).</summary>
public sealed class AfterDeathRule : AnomalyRule
{
    public const string Name = "after_death";

    private const string Query = $"""
        WITH {NewPurchases}
        SELECT 'after_death:' || np.purchase_id AS dedup_key, 'after_death' AS rule, np.provider_county AS county, np.provider_id,
               np.card_id, np.purchase_id,
               jsonb_build_object('purchaseId', np.purchase_id, 'bookedAt', np.booked_at, 'revokedAt', c.updated_at,
                   'cardStatus', c.status, 'statusReason', c.status_reason)::text AS evidence
          FROM np JOIN rm_cards c ON c.card_id = np.card_id
         WHERE c.status = 'revoked' AND c.status_reason = 'death'
           AND np.booked_at > c.updated_at + make_interval(mins => bo_threshold(np.provider_county, 'after_death_grace_minutes', @after_death_grace_minutes)::int)
        """;

    public override string Code => Name;

    public override int CreditPoints => 10;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("after_death_grace_minutes", 0)
    ];

    public override string Sql => Query;
}
