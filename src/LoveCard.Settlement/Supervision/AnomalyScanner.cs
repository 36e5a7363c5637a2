using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Settlement.Supervision;

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

    private static readonly IReadOnlyList<string> RuleQueries =
        [ImpossibleTravelSql, MealsPerDaySql, AfterDeathSql, PriceAtCeilingSql, VolumeJumpSql, SplitPurchasesSql, OutsideHoursSql];

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
        var parameters = new DynamicParameters();
        parameters.Add("From", from.UtcDateTime);
        parameters.Add("To", to.UtcDateTime);
        foreach (var (code, value) in AnomalyRules.Defaults)
        {
            parameters.Add(code, value);
        }

        var findings = new List<Finding>();
        foreach (var sql in RuleQueries)
        {
            findings.AddRange(await connection.QueryAsync<Finding>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)));
        }

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
                Actor = Actor.Job(AnomalyScanJob.JobName),
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
