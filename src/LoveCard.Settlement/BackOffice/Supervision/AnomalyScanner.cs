using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// Runs the supervision rules after the fact over purchases booked in a window (DOMAIN.md §6). Each
/// rule is one SQL query that looks at the new purchases and, for each subject they touch (a card,
/// a provider, a terminal), at the history it needs. A finding is kept once per dedup key (rule +
/// subject + window) and raised as <c>AnomalyRaised</c> through the outbox in the same transaction.
/// Evidence holds ids, times, counts and distances only, never names or ID numbers.
/// </summary>
public sealed class AnomalyScanner(NpgsqlDataSource dataSource, TimeProvider time)
{
    private sealed class Finding
    {
        public string DedupKey { get; init; } = "";

        public string Rule { get; init; } = "";

        public string County { get; init; } = "";

        public Guid? ProviderId { get; init; }

        public Guid? CardId { get; init; }

        public Guid? PurchaseId { get; init; }

        public string Evidence { get; init; } = "{}";
    }

    private sealed class Raised
    {
        public Guid AnomalyId { get; init; }

        public string Rule { get; init; } = "";

        public string County { get; init; } = "";

        public Guid? ProviderId { get; init; }

        public Guid? CardId { get; init; }

        public Guid? PurchaseId { get; init; }

        public int CreditPoints { get; init; }

        public string Evidence { get; init; } = "{}";
    }

    private const string NewPurchases = """
        np AS (
            SELECT * FROM purchases
             WHERE booked_at >= @From AND booked_at < @To AND status IN ('approved', 'voided')
        )
        """;

    // The latest earlier purchase of the card at another provider within a day, and how fast one
    // would have had to travel between the two places (the purchase's own location, else its terminal's).
    private const string ImpossibleTravelSql = $"""
        WITH {NewPurchases},
        located AS (
            SELECT p.purchase_id, p.card_id, p.provider_id, p.provider_county, p.booked_at,
                   coalesce(p.location_lat, t.latitude) AS lat, coalesce(p.location_lon, t.longitude) AS lon
              FROM purchases p LEFT JOIN terminals t ON t.terminal_id = p.terminal_id
             WHERE p.card_id IN (SELECT card_id FROM np WHERE card_id IS NOT NULL)
               AND p.booked_at >= @From - interval '1 day' AND p.booked_at < @To AND p.status IN ('approved', 'voided')
        ), pairs AS (
            SELECT a.*, b.purchase_id AS prev_id, b.provider_id AS prev_provider, b.booked_at AS prev_at,
                   bo_distance_km(b.lat, b.lon, a.lat, a.lon) AS km,
                   greatest(extract(epoch FROM a.booked_at - b.booked_at) / 3600.0, 1.0 / 60) AS hours
              FROM located a
              JOIN LATERAL (
                  SELECT * FROM located b
                   WHERE b.card_id = a.card_id AND b.booked_at < a.booked_at AND b.provider_id <> a.provider_id
                     AND b.booked_at > a.booked_at - interval '1 day'
                   ORDER BY b.booked_at DESC LIMIT 1) b ON true
             WHERE a.purchase_id IN (SELECT purchase_id FROM np) AND a.lat IS NOT NULL AND b.lat IS NOT NULL
        )
        SELECT 'impossible_travel:' || card_id || ':' || prev_id || ':' || purchase_id AS dedup_key, 'impossible_travel' AS rule,
               provider_county AS county, provider_id, card_id, purchase_id,
               jsonb_build_object('previousPurchaseId', prev_id, 'previousProviderId', prev_provider, 'previousAt', prev_at,
                   'purchaseId', purchase_id, 'providerId', provider_id, 'at', booked_at, 'distanceKm', round(km::numeric, 1),
                   'minutes', round((hours * 60)::numeric, 1), 'speedKmh', round((km / hours)::numeric, 1),
                   'thresholdKmh', bo_threshold(provider_county, 'impossible_travel_kmh', @impossible_travel_kmh))::text AS evidence
          FROM pairs
         WHERE km >= bo_threshold(provider_county, 'impossible_travel_min_km', @impossible_travel_min_km)
           AND km / hours > bo_threshold(provider_county, 'impossible_travel_kmh', @impossible_travel_kmh)
        """;

    private const string MealsPerDaySql = $"""
        WITH {NewPurchases},
        days AS (
            SELECT p.card_id, p.booked_day, sum(p.quantity) AS meals, array_agg(p.purchase_id ORDER BY p.booked_at) AS purchases,
                   (array_agg(p.provider_id ORDER BY p.booked_at DESC))[1] AS provider_id,
                   (array_agg(p.provider_county ORDER BY p.booked_at DESC))[1] AS county,
                   (array_agg(p.purchase_id ORDER BY p.booked_at DESC))[1] AS last_purchase
              FROM purchases p
             WHERE p.item = 'meal' AND p.status = 'approved'
               AND (p.card_id, p.booked_day) IN (SELECT card_id, booked_day FROM np WHERE item = 'meal' AND card_id IS NOT NULL)
             GROUP BY p.card_id, p.booked_day
        )
        SELECT 'meals_per_day:' || card_id || ':' || booked_day AS dedup_key, 'meals_per_day' AS rule, county, provider_id, card_id,
               last_purchase AS purchase_id,
               jsonb_build_object('day', booked_day, 'meals', meals, 'threshold', bo_threshold(county, 'meals_per_day', @meals_per_day),
                   'purchaseIds', purchases)::text AS evidence
          FROM days
         WHERE meals > bo_threshold(county, 'meals_per_day', @meals_per_day)
        """;

    private const string AfterDeathSql = $"""
        WITH {NewPurchases}
        SELECT 'after_death:' || np.purchase_id AS dedup_key, 'after_death' AS rule, np.provider_county AS county, np.provider_id,
               np.card_id, np.purchase_id,
               jsonb_build_object('purchaseId', np.purchase_id, 'bookedAt', np.booked_at, 'revokedAt', c.updated_at,
                   'cardStatus', c.status, 'statusReason', c.status_reason)::text AS evidence
          FROM np JOIN rm_cards c ON c.card_id = np.card_id
         WHERE c.status = 'revoked' AND c.status_reason = 'death'
           AND np.booked_at > c.updated_at + make_interval(mins => bo_threshold(np.provider_county, 'after_death_grace_minutes', @after_death_grace_minutes)::int)
        """;

    // The provider's last 30 days up to the window's end: the share of sales whose list price is at
    // (or above) the ceiling in force on the sale's day, per unit.
    private const string PriceAtCeilingSql = $"""
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
            SELECT provider_id, min(provider_county) AS county, count(*) AS sales, count(*) FILTER (WHERE at_ceiling) AS at_ceiling
              FROM sales GROUP BY provider_id
        )
        SELECT 'price_at_ceiling:' || provider_id || ':' || to_char(@To AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM') AS dedup_key,
               'price_at_ceiling' AS rule, county, provider_id, NULL::uuid AS card_id, NULL::uuid AS purchase_id,
               jsonb_build_object('sales', sales, 'atCeiling', at_ceiling, 'percent', round(100.0 * at_ceiling / sales, 1),
                   'thresholdPercent', bo_threshold(county, 'price_at_ceiling_percent', @price_at_ceiling_percent), 'days', 30)::text AS evidence
          FROM per_provider
         WHERE sales >= bo_threshold(county, 'price_at_ceiling_min_purchases', @price_at_ceiling_min_purchases)
           AND 100 * at_ceiling >= sales * bo_threshold(county, 'price_at_ceiling_percent', @price_at_ceiling_percent)
        """;

    // A day of the provider's sales against its own average day over the 28 days before it; a
    // provider with no history is new, not jumping.
    private const string VolumeJumpSql = $"""
        WITH {NewPurchases},
        days AS (SELECT DISTINCT provider_id, provider_county, booked_day FROM np),
        counted AS (
            SELECT d.provider_id, d.provider_county AS county, d.booked_day,
                   (SELECT count(*) FROM purchases p WHERE p.provider_id = d.provider_id AND p.booked_day = d.booked_day
                       AND p.status IN ('approved', 'voided')) AS day_count,
                   (SELECT count(*) FROM purchases p WHERE p.provider_id = d.provider_id
                       AND p.booked_day >= d.booked_day - 28 AND p.booked_day < d.booked_day AND p.status IN ('approved', 'voided')) AS history
              FROM days d
        )
        SELECT 'volume_jump:' || provider_id || ':' || booked_day AS dedup_key, 'volume_jump' AS rule, county, provider_id,
               NULL::uuid AS card_id, NULL::uuid AS purchase_id,
               jsonb_build_object('day', booked_day, 'purchases', day_count, 'averagePerDay', round(history / 28.0, 2),
                   'thresholdPercent', bo_threshold(county, 'volume_jump_percent', @volume_jump_percent))::text AS evidence
          FROM counted
         WHERE history > 0
           AND day_count >= bo_threshold(county, 'volume_jump_min_purchases', @volume_jump_min_purchases)
           AND day_count * 100 * 28 > history * bo_threshold(county, 'volume_jump_percent', @volume_jump_percent)
        """;

    private const string SplitPurchasesSql = $"""
        WITH {NewPurchases},
        bursts AS (
            SELECT n.purchase_id, n.card_id, n.provider_id, n.provider_county AS county, n.booked_at, n.booked_day,
                   array_agg(p.purchase_id ORDER BY p.booked_at) AS purchases, sum(p.price_fen) AS total_fen
              FROM np n
              JOIN purchases p ON p.card_id = n.card_id AND p.provider_id = n.provider_id AND p.status IN ('approved', 'voided')
                   AND p.booked_at <= n.booked_at
                   AND p.booked_at > n.booked_at - make_interval(mins => bo_threshold(n.provider_county, 'split_purchases_window_minutes', @split_purchases_window_minutes)::int)
             WHERE n.card_id IS NOT NULL
             GROUP BY n.purchase_id, n.card_id, n.provider_id, n.provider_county, n.booked_at, n.booked_day
        )
        SELECT DISTINCT ON (card_id, provider_id, booked_day)
               'split_purchases:' || card_id || ':' || provider_id || ':' || booked_day AS dedup_key, 'split_purchases' AS rule, county,
               provider_id, card_id, purchase_id,
               jsonb_build_object('day', booked_day, 'purchases', cardinality(purchases), 'purchaseIds', purchases, 'totalFen', total_fen,
                   'windowMinutes', bo_threshold(county, 'split_purchases_window_minutes', @split_purchases_window_minutes))::text AS evidence
          FROM bursts
         WHERE cardinality(purchases) >= bo_threshold(county, 'split_purchases_count', @split_purchases_count)
         ORDER BY card_id, provider_id, booked_day, booked_at
        """;

    // The booking's Asia/Shanghai wall-clock time against the terminal's hours (which may run past midnight).
    private const string OutsideHoursSql = $"""
        WITH {NewPurchases},
        timed AS (
            SELECT np.purchase_id, np.terminal_id, np.provider_id, np.provider_county AS county, np.booked_at, np.booked_day,
                   (np.booked_at AT TIME ZONE 'UTC' + interval '8 hours')::time AS local_time, t.opens_at, t.closes_at,
                   make_interval(mins => bo_threshold(np.provider_county, 'outside_hours_grace_minutes', @outside_hours_grace_minutes)::int) AS grace
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
               'outside_hours:' || terminal_id || ':' || booked_day AS dedup_key, 'outside_hours' AS rule, county, provider_id,
               NULL::uuid AS card_id, purchase_id,
               jsonb_build_object('terminalId', terminal_id, 'purchaseId', purchase_id, 'localTime', to_char(local_time, 'HH24:MI:SS'),
                   'opensAt', to_char(opens_at, 'HH24:MI'), 'closesAt', to_char(closes_at, 'HH24:MI'), 'day', booked_day)::text AS evidence
          FROM outside
         ORDER BY terminal_id, booked_day, booked_at
        """;

    // An absence (elder_absences, 042) covering when the service was given: the terminal's
    // occurredAt, not the booking time, since an offline terminal books a day late. The grace keeps
    // the edges out (admission and discharge times are written down roughly). One finding per absence
    // and provider, listing its purchases seen by then: a canteen that kept booking meals for an elder
    // in hospital is one matter, not one per meal, and the credit score is docked once. The body is
    // shared by the scan over new purchases and the check of an absence just recorded (AbsenceStore).
    private const string DuringAbsenceBody = """
        SELECT 'during_absence:' || a.absence_id || ':' || np.provider_id AS dedup_key, 'during_absence' AS rule,
               min(np.provider_county) AS county, np.provider_id,
               (array_agg(np.card_id ORDER BY np.occurred_at, np.purchase_id))[1] AS card_id,
               (array_agg(np.purchase_id ORDER BY np.occurred_at, np.purchase_id))[1] AS purchase_id,
               jsonb_build_object('elderId', a.elder_id, 'absenceId', a.absence_id, 'kind', a.kind, 'from', a.from_at, 'to', a.to_at,
                   'purchases', count(*), 'purchaseIds', to_jsonb(array_agg(np.purchase_id ORDER BY np.occurred_at, np.purchase_id)),
                   'items', to_jsonb(array_agg(np.item ORDER BY np.occurred_at, np.purchase_id)),
                   'occurredAt', to_jsonb(array_agg(np.occurred_at ORDER BY np.occurred_at, np.purchase_id)),
                   'graceMinutes', min(g.grace))::text AS evidence
          FROM np JOIN elder_absences a ON a.elder_id = np.elder_id
         CROSS JOIN LATERAL (SELECT bo_threshold(np.provider_county, 'during_absence_grace_minutes', @during_absence_grace_minutes) AS grace) AS g
         WHERE np.occurred_at >= a.from_at + make_interval(mins => g.grace::int)
           AND np.occurred_at < a.to_at - make_interval(mins => g.grace::int)
        """;

    private const string DuringAbsenceGroup = "GROUP BY a.absence_id, a.elder_id, a.kind, a.from_at, a.to_at, np.provider_id";

    private const string DuringAbsenceSql = $"""
        WITH {NewPurchases}
        {DuringAbsenceBody}
        {DuringAbsenceGroup}
        """;

    /// <summary>The elder's purchases around one absence (occurredAt may lead the booking by 300 s, lag it by 24 h).</summary>
    private const string DuringOneAbsenceSql = $"""
        WITH np AS (
            SELECT p.* FROM elder_absences a JOIN purchases p ON p.elder_id = a.elder_id
             WHERE a.absence_id = @AbsenceId AND p.status IN ('approved', 'voided')
               AND p.booked_at >= a.from_at - interval '1 hour' AND p.booked_at < a.to_at + interval '1 day'
        )
        {DuringAbsenceBody}
           AND a.absence_id = @AbsenceId
        {DuringAbsenceGroup}
        """;

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
    private const string CardBurstSql = $"""
        WITH {NewPurchases},
        limits AS MATERIALIZED (
            SELECT c.county, greatest(bo_threshold(c.county, 'card_burst_cards', @card_burst_cards), 2)::int AS needed,
                   make_interval(mins => bo_threshold(c.county, 'card_burst_window_minutes', @card_burst_window_minutes)::int) AS win,
                   bo_threshold(c.county, 'card_burst_captive_percent', @card_burst_captive_percent) AS captive_percent
              FROM (SELECT DISTINCT provider_county AS county FROM np) AS c
        ), touched AS (
            -- What a window ending at a new purchase can reach: two windows back (the window, and a
            -- card's previous use before it), on the booking days around.
            SELECT np.terminal_id, min(np.occurred_at) - 2 * max(l.win) AS since, max(np.occurred_at) AS until,
                   min(np.booked_day) - 1 AS first_day, max(np.booked_day) + 1 AS last_day
              FROM np JOIN limits l ON l.county = np.provider_county
             WHERE np.card_id IS NOT NULL
             GROUP BY np.terminal_id
        ), sales AS (
            SELECT p.purchase_id, p.terminal_id, p.provider_id, p.provider_county, p.card_id, p.occurred_at, p.booked_day, l.win, l.needed,
                   lag(p.occurred_at) OVER (PARTITION BY p.terminal_id, p.card_id ORDER BY p.occurred_at, p.purchase_id) AS card_before
              FROM touched t
              JOIN purchases p ON p.terminal_id = t.terminal_id AND p.booked_day BETWEEN t.first_day AND t.last_day
                   AND p.occurred_at >= t.since AND p.occurred_at <= t.until
              JOIN limits l ON l.county = p.provider_county
             WHERE p.card_id IS NOT NULL AND p.status IN ('approved', 'voided')
        ), firsts AS (
            SELECT s.*, lag(s.occurred_at, s.needed - 1) OVER (PARTITION BY s.terminal_id ORDER BY s.occurred_at, s.purchase_id) AS nth_before
              FROM sales s
             WHERE s.card_before IS NULL OR s.card_before <= s.occurred_at - s.win
        ), ends AS (
            SELECT f.* FROM firsts f
             WHERE f.nth_before > f.occurred_at - f.win AND f.purchase_id IN (SELECT purchase_id FROM np)
        ), bursts AS (
            SELECT e.terminal_id, e.provider_id, e.provider_county AS county, e.booked_day, e.purchase_id, e.occurred_at,
                   array_agg(w.card_id ORDER BY w.occurred_at) AS cards, array_agg(w.purchase_id ORDER BY w.occurred_at) AS purchases,
                   min(w.occurred_at) AS first_at
              FROM ends e
              JOIN firsts w ON w.terminal_id = e.terminal_id AND w.occurred_at > e.occurred_at - e.win AND w.occurred_at <= e.occurred_at
             GROUP BY e.terminal_id, e.provider_id, e.provider_county, e.booked_day, e.purchase_id, e.occurred_at
        ), judged AS (
            SELECT b.*, l.captive_percent, l.needed, l.win, coalesce((
                       SELECT array_agg(c ORDER BY c) FROM unnest(b.cards) AS c
                        WHERE NOT EXISTS (SELECT 1 FROM purchases o WHERE o.card_id = c AND o.provider_id <> b.provider_id)), ARRAY[]::uuid[]) AS captive
              FROM bursts b JOIN limits l ON l.county = b.county
        ), flagged AS (
            SELECT DISTINCT ON (provider_id, booked_day) * FROM judged
             WHERE 100 * cardinality(captive) >= cardinality(cards) * captive_percent
             ORDER BY provider_id, booked_day, cardinality(cards) DESC, occurred_at
        )
        SELECT 'card_burst:' || f.provider_id || ':' || f.booked_day AS dedup_key, 'card_burst' AS rule, f.county, f.provider_id,
               NULL::uuid AS card_id, f.purchase_id,
               jsonb_build_object('terminalId', f.terminal_id, 'day', f.booked_day, 'from', f.first_at, 'to', f.occurred_at,
                   'cards', cardinality(f.cards), 'cardIds', to_jsonb(f.cards), 'purchaseIds', to_jsonb(f.purchases),
                   'cardsNeverElsewhere', to_jsonb(f.captive), 'thresholdCards', f.needed,
                   'windowMinutes', extract(epoch FROM f.win)::bigint / 60, 'thresholdNeverElsewherePercent', f.captive_percent
               )::text AS evidence
          FROM flagged f
        """;

    // Booked long after the terminal says the service was given (TERMINAL-PROTOCOL.md: occurredAt may
    // lag by up to 24 h for a terminal that was offline, which is what makes back-dated sales possible).
    // One finding per provider and booking day (a network outage delays every counter at once),
    // listing the late purchases seen by then and their terminals.
    private const string LateReportSql = $"""
        WITH {NewPurchases},
        limits AS MATERIALIZED (
            SELECT c.county, bo_threshold(c.county, 'late_report_minutes', @late_report_minutes) AS minutes
              FROM (SELECT DISTINCT provider_county AS county FROM np) AS c
        ), late AS (
            SELECT np.*, l.minutes, extract(epoch FROM np.booked_at - np.occurred_at) / 60.0 AS lag_minutes
              FROM np JOIN limits l ON l.county = np.provider_county
             WHERE np.booked_at - np.occurred_at > make_interval(mins => l.minutes::int)
        ), per_provider AS (
            SELECT provider_id, booked_day, min(provider_county) AS county, array_agg(DISTINCT terminal_id) AS terminals,
                   (array_agg(purchase_id ORDER BY booked_at))[1] AS first_purchase, count(*) AS late,
                   array_agg(purchase_id ORDER BY booked_at) AS purchases, max(lag_minutes) AS max_lag, min(minutes) AS minutes
              FROM late GROUP BY provider_id, booked_day
        )
        SELECT 'late_report:' || provider_id || ':' || booked_day AS dedup_key, 'late_report' AS rule, county, provider_id,
               NULL::uuid AS card_id, first_purchase AS purchase_id,
               jsonb_build_object('terminalIds', to_jsonb(terminals), 'day', booked_day, 'purchases', late, 'purchaseIds', to_jsonb(purchases),
                   'maxLagMinutes', round(max_lag::numeric, 1), 'thresholdMinutes', minutes)::text AS evidence
          FROM per_provider
        """;

    // A home service (AnomalyRules.HomeServiceItems) needs proof of the visit: the certified care
    // worker and the place (TERMINAL-PROTOCOL.md, purchase request). Counted over the provider's whole
    // day, so a county threshold above 1 sees every unproven visit of that day.
    private const string NoVisitProofSql = $"""
        WITH {NewPurchases},
        days AS (SELECT DISTINCT provider_id, booked_day FROM np WHERE item = ANY(@HomeServiceItems)),
        unproven AS (
            -- The booked_at range (the Asia/Shanghai day, UTC+8) lets purchases_provider_booked read only that day.
            SELECT p.* FROM days d
              JOIN purchases p ON p.provider_id = d.provider_id AND p.booked_day = d.booked_day
                   AND p.booked_at >= (d.booked_day::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                   AND p.booked_at < (d.booked_day::timestamp + interval '16 hours') AT TIME ZONE 'UTC'
             WHERE p.item = ANY(@HomeServiceItems) AND p.status = 'approved'
               AND (p.care_worker_id IS NULL OR p.location_lat IS NULL OR p.location_lon IS NULL)
        ), per_provider AS (
            SELECT provider_id, booked_day, min(provider_county) AS county, count(*) AS unproven,
                   (array_agg(purchase_id ORDER BY booked_at))[1] AS first_purchase,
                   jsonb_agg(jsonb_build_object('purchaseId', purchase_id, 'item', item, 'terminalId', terminal_id, 'bookedAt', booked_at,
                       'missing', to_jsonb(array_remove(ARRAY[
                           CASE WHEN care_worker_id IS NULL THEN 'careWorkerId' END,
                           CASE WHEN location_lat IS NULL OR location_lon IS NULL THEN 'location' END], NULL))) ORDER BY booked_at) AS purchases
              FROM unproven GROUP BY provider_id, booked_day
        )
        SELECT 'no_visit_proof:' || provider_id || ':' || booked_day AS dedup_key, 'no_visit_proof' AS rule, county, provider_id,
               NULL::uuid AS card_id, first_purchase AS purchase_id,
               jsonb_build_object('day', booked_day, 'unproven', unproven, 'purchases', purchases,
                   'threshold', bo_threshold(county, 'no_visit_proof_count', @no_visit_proof_count))::text AS evidence
          FROM per_provider
         WHERE unproven >= bo_threshold(county, 'no_visit_proof_count', @no_visit_proof_count)
        """;

    private static readonly IReadOnlyList<string> RuleQueries =
        [ImpossibleTravelSql, MealsPerDaySql, AfterDeathSql, PriceAtCeilingSql, VolumeJumpSql, SplitPurchasesSql, OutsideHoursSql,
         DuringAbsenceSql, CardBurstSql, LateReportSql, NoVisitProofSql];

    /// <summary>Runs every rule over purchases booked in [<paramref name="from"/>, <paramref name="to"/>); answers the anomalies newly raised.</summary>
    public async Task<IReadOnlyList<Guid>> ScanAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var raised = await ScanAsync(connection, transaction, from, to, ct);
        await transaction.CommitAsync(ct);
        return raised;
    }

    public async Task<IReadOnlyList<Guid>> ScanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var parameters = Thresholds();
        parameters.Add("From", from.UtcDateTime);
        parameters.Add("To", to.UtcDateTime);
        var findings = new List<Finding>();
        foreach (var sql in RuleQueries)
        {
            findings.AddRange(await connection.QueryAsync<Finding>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)));
        }

        return await RaiseAsync(connection, transaction, findings, Actor.Job(AnomalyScanJob.JobName), ct);
    }

    /// <summary>
    /// The <c>during_absence</c> rule over purchases already booked in an absence just recorded: an absence
    /// is often written down after the elder is back (a hospital stay), when the scan has long passed them.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ScanAbsenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid absenceId, Actor actor, CancellationToken ct)
    {
        var parameters = Thresholds();
        parameters.Add("AbsenceId", absenceId);
        var findings = (await connection.QueryAsync<Finding>(new CommandDefinition(DuringOneAbsenceSql, parameters, transaction, cancellationToken: ct))).AsList();
        return await RaiseAsync(connection, transaction, findings, actor, ct);
    }

    private static DynamicParameters Thresholds()
    {
        var parameters = new DynamicParameters();
        foreach (var (code, value) in AnomalyRules.Defaults)
        {
            parameters.Add(code, value);
        }

        parameters.Add("HomeServiceItems", AnomalyRules.HomeServiceItems.ToArray());
        return parameters;
    }

    private async Task<IReadOnlyList<Guid>> RaiseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Finding> findings, Actor actor, CancellationToken ct)
    {
        if (findings.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        const string insert = """
            INSERT INTO anomalies (anomaly_id, dedup_key, rule, county, provider_id, card_id, purchase_id, credit_points, evidence, status, raised_at)
            SELECT f.anomaly_id, f.dedup_key, f.rule, f.county, f.provider_id, f.card_id, f.purchase_id, f.credit_points, f.evidence::jsonb, 'open', @Now
              FROM unnest(@Ids, @Keys, @Rules, @Counties, @Providers, @Cards, @Purchases, @Points, @Evidence)
                   AS f (anomaly_id, dedup_key, rule, county, provider_id, card_id, purchase_id, credit_points, evidence)
            ON CONFLICT (dedup_key) DO NOTHING
            RETURNING anomaly_id, rule, county, provider_id, card_id, purchase_id, credit_points, evidence::text AS evidence
            """;
        var unique = findings.DistinctBy(f => f.DedupKey).ToArray();
        var rows = (await connection.QueryAsync<Raised>(new CommandDefinition(insert, new
        {
            Now = now.UtcDateTime,
            Ids = unique.Select(_ => Guid.CreateVersion7(now)).ToArray(),
            Keys = unique.Select(f => f.DedupKey).ToArray(),
            Rules = unique.Select(f => f.Rule).ToArray(),
            Counties = unique.Select(f => f.County).ToArray(),
            Providers = unique.Select(f => f.ProviderId).ToArray(),
            Cards = unique.Select(f => f.CardId).ToArray(),
            Purchases = unique.Select(f => f.PurchaseId).ToArray(),
            Points = unique.Select(f => AnomalyRules.CreditPoints[f.Rule]).ToArray(),
            Evidence = unique.Select(f => f.Evidence).ToArray(),
        }, transaction, cancellationToken: ct))).AsList();

        foreach (var row in rows)
        {
            await Outbox.AddAsync(connection, transaction, new AnomalyRaised
            {
                AggregateId = row.AnomalyId.ToString(),
                AggregateVersion = 1,
                Actor = actor,
                Reason = row.Rule,
                OccurredAt = now,
                AnomalyId = row.AnomalyId,
                Rule = row.Rule,
                County = row.County,
                ProviderId = row.ProviderId,
                CardId = row.CardId,
                PurchaseId = row.PurchaseId,
                CreditPoints = row.CreditPoints,
                Evidence = row.Evidence,
            }, ct);
        }

        return rows.Select(r => r.AnomalyId).ToArray();
    }
}
