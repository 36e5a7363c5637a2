using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>Many distinct cards used in a burst at one terminal: staff eating on elders' cards (冒用).</summary>
public sealed class CardBurstRule : AnomalyRule
{
    public const string Name = "card_burst";

    // Staff eating on elders' cards (DOMAIN.md §6: "many cards used in a burst at one counter, cards
    // that never appear elsewhere"): at least N distinct cards at one terminal within M minutes of the
    // terminal's own clock (occurredAt, so an offline terminal's upload of a day is not a burst), of
    // which at least P percent were never used at any other provider (cards kept behind the counter).
    // Linear in the terminal's day: only a card's first use at the terminal within a window counts
    // ("firsts"; two of one card are a window apart, so N firsts inside one window are N distinct
    // cards), and lag() over the firsts finds windows holding N of them. A card also used just before
    // the window is not counted, so the rule errs on the quiet side. One finding per provider and day
    // (the biggest burst, naming its terminal): a lunch rush at many counters is one matter for the
    // auditor, not one per counter, and the credit score is not docked per counter.
    private const string Query = $"""
        WITH {NewPurchases},
        limits AS MATERIALIZED (
            -- Per provider: meal providers and care institutions serve a lunch queue, so their thresholds
            -- are their own (DOMAIN.md §8: more than 60 cards in 10 minutes); every other provider keeps
            -- the stricter ones. Both are county settings.
            SELECT c.provider_id, c.county,
                   greatest(CASE WHEN c.queue THEN bo_threshold(c.county, 'card_burst_queue_cards',
                       @card_burst_queue_cards)
                                 ELSE bo_threshold(c.county, 'card_burst_cards', @card_burst_cards) END, 2)::int AS
                                     needed,
                   make_interval(mins => (CASE WHEN c.queue
                       THEN bo_threshold(c.county, 'card_burst_queue_window_minutes', @card_burst_queue_window_minutes)
                       ELSE bo_threshold(c.county, 'card_burst_window_minutes', @card_burst_window_minutes) END)::int)
                           AS win,
                   bo_threshold(c.county, 'card_burst_captive_percent', @card_burst_captive_percent) AS captive_percent
              FROM (SELECT DISTINCT np.provider_id, np.provider_county AS county,
                           coalesce(rp.provider_type IN ('meal_firm', 'care_institution'), false) AS queue
                      FROM np LEFT JOIN rm_providers rp ON rp.provider_id = np.provider_id) AS c
        ), touched AS (
            -- What a window ending at a new purchase can reach: two windows back (the window, and a
            -- card's previous use before it), on the booking days around.
            SELECT np.terminal_id, min(np.occurred_at) - 2 * max(l.win) AS since, max(np.occurred_at) AS until,
                   min(np.booked_day) - 1 AS first_day, max(np.booked_day) + 1 AS last_day
              FROM np JOIN limits l ON l.provider_id = np.provider_id
             WHERE np.card_id IS NOT NULL
             GROUP BY np.terminal_id
        ), sales AS (
            SELECT p.purchase_id, p.terminal_id, p.provider_id, p.provider_county, p.card_id, p.occurred_at,
                p.booked_day, l.win, l.needed,
                   lag(p.occurred_at) OVER (PARTITION BY p.terminal_id, p.card_id ORDER BY p.occurred_at, p.purchase_id)
                       AS card_before
              FROM touched t
              JOIN purchases p ON p.terminal_id = t.terminal_id AND p.booked_day BETWEEN t.first_day AND t.last_day
                   AND p.occurred_at >= t.since AND p.occurred_at <= t.until
              JOIN limits l ON l.provider_id = p.provider_id
             WHERE p.card_id IS NOT NULL AND p.status IN ('approved', 'voided')
        ), firsts AS (
            SELECT s.*, lag(s.occurred_at, s.needed - 1) OVER (PARTITION BY s.terminal_id ORDER BY s.occurred_at,
                s.purchase_id) AS nth_before
              FROM sales s
             WHERE s.card_before IS NULL OR s.card_before <= s.occurred_at - s.win
        ), ends AS (
            SELECT f.* FROM firsts f
             WHERE f.nth_before > f.occurred_at - f.win AND f.purchase_id IN (SELECT purchase_id FROM np)
        ), bursts AS (
            SELECT e.terminal_id, e.provider_id, e.provider_county AS county, e.booked_day, e.purchase_id,
                e.occurred_at,
                   array_agg(w.card_id ORDER BY w.occurred_at) AS cards, array_agg(w.purchase_id ORDER BY w.occurred_at)
                       AS purchases,
                   min(w.occurred_at) AS first_at
              FROM ends e
              JOIN firsts w ON w.terminal_id = e.terminal_id AND w.occurred_at > e.occurred_at - e.win AND w.occurred_at
                  <= e.occurred_at
             GROUP BY e.terminal_id, e.provider_id, e.provider_county, e.booked_day, e.purchase_id, e.occurred_at
        ), judged AS (
            SELECT b.*, l.captive_percent, l.needed, l.win, coalesce((
                       SELECT array_agg(c ORDER BY c) FROM unnest(b.cards) AS c
                        WHERE NOT EXISTS (SELECT 1 FROM purchases o WHERE o.card_id = c AND o.provider_id <>
                            b.provider_id)), ARRAY[]::uuid[]) AS captive
              FROM bursts b JOIN limits l ON l.provider_id = b.provider_id
        ), flagged AS (
            SELECT DISTINCT ON (provider_id, booked_day) * FROM judged
             WHERE 100 * cardinality(captive) >= cardinality(cards) * captive_percent
             ORDER BY provider_id, booked_day, cardinality(cards) DESC, occurred_at
        )
        SELECT 'card_burst:' || f.provider_id || ':' || f.booked_day AS dedup_key, 'card_burst' AS rule, f.county,
            f.provider_id,
               NULL::uuid AS card_id, f.purchase_id,
               jsonb_build_object('terminalId', f.terminal_id, 'day', f.booked_day, 'from', f.first_at, 'to',
                   f.occurred_at,
                   'cards', cardinality(f.cards), 'cardIds', to_jsonb(f.cards), 'purchaseIds', to_jsonb(f.purchases),
                   'cardsNeverElsewhere', to_jsonb(f.captive), 'thresholdCards', f.needed,
                   'windowMinutes', extract(epoch FROM f.win)::bigint / 60, 'thresholdNeverElsewherePercent',
                       f.captive_percent
               )::text AS evidence
          FROM flagged f
        """;

    public override string Code => Name;

    public override int CreditPoints => 5;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("card_burst_cards", 10), // this many distinct cards at one terminal ...
        // ... within this many minutes (~12 s a card: a stack of cards, not a queue) ...
        new("card_burst_window_minutes", 2),
        new("card_burst_captive_percent", 50), // ... at least this share never used elsewhere (0: any burst)
        new("card_burst_queue_cards", 61), // meal providers and care institutions: more than 60 cards ...
        // ... in 10 minutes (a lunch queue of 30 in 10 minutes is not a burst)
        new("card_burst_queue_window_minutes", 10),
    ];

    public override string Sql => Query;
}
