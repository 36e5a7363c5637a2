using Dapper;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// BENCHMARKS.md invariant 5, "every read model equals its source", for every read model a service
/// keeps of another: each check counts the rows that differ (missing on either side, or another
/// value), straight in the test database, where each service has its own schema.
/// </summary>
public static class ReadModelInvariants
{
    private static readonly (string Name, string Sql)[] Checks =
    [
        (
            "settlement cards = cards",
            """
            SELECT count(*) FROM cards.cards c FULL JOIN settlement.rm_cards r USING (card_id)
            WHERE c.card_id IS NULL OR r.card_id IS NULL OR c.status <> r.status OR c.card_number <> r.card_number
               OR c.home_county <> r.home_county OR c.elder_id <> r.elder_id
               OR c.face_id_hash IS DISTINCT FROM r.face_hash OR c.modules <> r.modules
            """
        ),
        (
            "settlement replaced card numbers = cards",
            """
            SELECT count(*) FROM (SELECT card_number, card_id FROM cards.card_numbers WHERE replaced_at IS NOT NULL) c
            FULL JOIN settlement.rm_card_replaced_numbers r USING (card_number)
            WHERE c.card_number IS NULL OR r.card_number IS NULL OR c.card_id <> r.card_id
            """
        ),
        (
            "settlement QR keys = cards",
            """
            SELECT count(*) FROM (SELECT DISTINCT key_id FROM cards.qr_key_publications) c
            FULL JOIN settlement.rm_qr_keys r ON r.kid = c.key_id WHERE c.key_id IS NULL OR r.kid IS NULL
            """
        ),
        (
            "settlement elders = eligibility",
            """
            SELECT count(*) FROM eligibility.elders e FULL JOIN settlement.rm_elders r USING (elder_id)
            WHERE e.elder_id IS NULL OR r.elder_id IS NULL
               OR e.category IS DISTINCT FROM r.category OR e.eligible <> r.eligible
               OR e.home_county <> r.home_county OR e.village_code <> r.village_code OR e.name_masked <> r.masked_name
            """
        ),
        (
            "settlement public elders = eligibility",
            """
            SELECT count(*) FROM eligibility.elders e FULL JOIN settlement.public_elders r USING (elder_id)
            WHERE e.elder_id IS NULL OR r.elder_id IS NULL
               OR e.category IS DISTINCT FROM r.category OR e.eligible <> r.eligible
               OR e.home_county <> r.home_county
            """
        ),
        (
            "whitelist elders = eligibility",
            """
            SELECT count(*) FROM eligibility.elders e FULL JOIN whitelist.elders r USING (elder_id)
            WHERE e.elder_id IS NULL OR r.elder_id IS NULL OR e.eligible <> r.eligible OR e.home_county <> r.home_county
            """
        ),
        (
            "cards: a card for every eligible elder, as classified",
            """
            SELECT count(*) FROM eligibility.elders e LEFT JOIN cards.cards c USING (elder_id)
            WHERE (e.eligible AND e.category IS NOT NULL AND c.card_id IS NULL)
               OR (c.card_id IS NOT NULL AND c.status <> 'revoked' AND (c.home_county <> e.home_county
                   OR c.village_code <> e.village_code OR c.masked_name <> e.name_masked
                   OR c.eligible <> (e.eligible AND e.category IS NOT NULL)
                   OR (e.eligible AND c.category IS DISTINCT FROM e.category)))
            """
        ),
        (
            "settlement county settings = eligibility",
            """
            SELECT count(*) FROM eligibility.county_settings e FULL JOIN settlement.rm_county_settings r USING (county)
            WHERE e.county IS NULL OR r.county IS NULL OR e.one_card_network <> r.one_card_network
               OR e.low_fund_alert_days <> r.low_fund_alert_days
               OR e.anomaly_thresholds <> (r.settings -> 'anomalyThresholds')
            """
        ),
        (
            "whitelist county settings = eligibility",
            """
            SELECT count(*) FROM eligibility.county_settings e FULL JOIN whitelist.county_settings r USING (county)
            WHERE e.county IS NULL OR r.county IS NULL OR e.suspend_below <> r.suspend_below
            """
        ),
        (
            "settlement subsidy policies = eligibility",
            """
            SELECT count(*) FROM (SELECT * FROM eligibility.subsidy_policies WHERE status = 'published') e
            FULL JOIN settlement.rm_subsidy_policies r ON r.county = e.county AND r.policy_version = e.version
            WHERE e.county IS NULL OR r.county IS NULL
               OR e.effective_from <> r.effective_from OR e.categories <> r.categories
            """
        ),
        (
            "settlement providers = whitelist",
            """
            SELECT count(*) FROM (SELECT * FROM whitelist.providers WHERE status <> 'applied') p
            FULL JOIN settlement.rm_providers r ON r.provider_id = p.id
            WHERE p.id IS NULL OR r.provider_id IS NULL
               OR p.status <> r.status OR p.name <> r.name OR p.county <> r.county
            """
        ),
        (
            "settlement public providers = whitelist",
            """
            SELECT count(*) FROM (SELECT * FROM whitelist.providers WHERE status <> 'applied') p
            FULL JOIN settlement.public_providers r ON r.provider_id = p.id
            WHERE p.id IS NULL OR r.provider_id IS NULL OR p.status <> r.status OR p.county <> r.county
            """
        ),
        (
            "settlement provider items = whitelist",
            """
            SELECT count(*) FROM whitelist.provider_items p
            FULL JOIN settlement.rm_provider_items r USING (provider_id, item_code)
            WHERE p.provider_id IS NULL OR r.provider_id IS NULL OR p.unit_price_fen <> r.unit_price_fen
               OR p.discount_percent <> r.discount_percent OR p.effective_from <> r.effective_from OR p.name <> r.name
            """
        ),
        (
            "settlement price standards = whitelist",
            """
            SELECT count(*) FROM (SELECT i.*, s.effective_from FROM whitelist.price_standard_items i
                                  JOIN whitelist.price_standards s USING (county, version)) p
            FULL JOIN settlement.rm_price_standards r
                ON r.county = p.county AND r.standard_version = p.version AND r.item_code = p.item_code
            WHERE p.county IS NULL OR r.county IS NULL
               OR p.ceiling_fen <> r.ceiling_fen OR p.effective_from <> r.effective_from
            """
        ),
        (
            "settlement terminals = whitelist",
            """
            SELECT count(*) FROM whitelist.terminals w FULL JOIN settlement.terminals s USING (terminal_id)
            WHERE w.terminal_id IS NULL OR s.terminal_id IS NULL OR w.provider_id <> s.provider_id
               OR (w.status = 'disabled') <> (s.status = 'disabled')
            """
        ),
        (
            "settlement care workers = whitelist",
            """
            SELECT count(*) FROM whitelist.care_workers w
            FULL JOIN settlement.public_care_workers s ON s.care_worker_id = w.id
            WHERE w.id IS NULL OR s.care_worker_id IS NULL
               OR w.county <> s.county OR w.valid_until <> s.certificate_valid_until
            """
        ),
        (
            "settlement public purchases = purchases",
            """
            SELECT count(*) FROM (SELECT purchase_id FROM settlement.purchases WHERE status = 'approved') p
            FULL JOIN settlement.public_purchases r USING (purchase_id)
            WHERE p.purchase_id IS NULL OR r.purchase_id IS NULL
            """
        ),
        (
            "outboxes drained",
            """
            SELECT (SELECT count(*) FROM cards.outbox WHERE sent_at IS NULL)
                 + (SELECT count(*) FROM eligibility.outbox WHERE sent_at IS NULL)
                 + (SELECT count(*) FROM whitelist.outbox WHERE sent_at IS NULL)
                 + (SELECT count(*) FROM settlement.outbox WHERE sent_at IS NULL)
            """
        ),
    ];

    /// <summary>The checks that do not hold now, with how many rows differ.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> BrokenAsync()
    {
        await using var connection = await Database.OpenAsync();
        var broken = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, sql) in Checks)
        {
            var differing = await connection.ExecuteScalarAsync<long>(sql);
            if (differing > 0)
            {
                broken[name] = differing;
            }
        }

        return broken;
    }

    public static string Describe(IReadOnlyDictionary<string, long> broken) =>
        broken.Count == 0
            ? "every read model equals its source"
            : string.Join("; ", broken.Select(b => $"{b.Key}: {b.Value} differ"));
}
