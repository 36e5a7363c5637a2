using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>Purchases reported (booked) long after the terminal says they happened.</summary>
public sealed class LateReportRule : AnomalyRule
{
    public const string Name = "late_report";

    // Booked long after the terminal says the service was given (TERMINAL-PROTOCOL.md: occurredAt may
    // lag by up to 24 h for a terminal that was offline, which is what makes back-dated sales possible).
    // One finding per provider and booking day (a network outage delays every counter at once),
    // listing the late purchases seen by then and their terminals.
    private const string Query = $"""
        WITH {NewPurchases},
        limits AS MATERIALIZED (
            SELECT c.county, bo_threshold(c.county, 'late_report_minutes', @late_report_minutes) AS minutes
              FROM (SELECT DISTINCT provider_county AS county FROM np) AS c
        ), late AS (
            SELECT np.*, l.minutes, extract(epoch FROM np.booked_at - np.occurred_at) / 60.0 AS lag_minutes
              FROM np JOIN limits l ON l.county = np.provider_county
             WHERE np.booked_at - np.occurred_at > make_interval(mins => l.minutes::int)
        ), per_provider AS (
            SELECT provider_id, booked_day, min(provider_county) AS county, array_agg(DISTINCT terminal_id) AS
                terminals,
                   (array_agg(purchase_id ORDER BY booked_at))[1] AS first_purchase, count(*) AS late,
                   array_agg(purchase_id ORDER BY booked_at) AS purchases, max(lag_minutes) AS max_lag, min(minutes) AS
                       minutes
              FROM late GROUP BY provider_id, booked_day
        )
        SELECT 'late_report:' || provider_id || ':' || booked_day AS dedup_key, 'late_report' AS rule, county,
            provider_id,
               NULL::uuid AS card_id, first_purchase AS purchase_id,
               jsonb_build_object('terminalIds', to_jsonb(terminals), 'day', booked_day, 'purchases', late,
                   'purchaseIds', to_jsonb(purchases),
                   'maxLagMinutes', round(max_lag::numeric, 1), 'thresholdMinutes', minutes)::text AS evidence
          FROM per_provider
        """;

    public override string Code => Name;

    /// <summary>
    /// Nothing: every purchase the protocol accepts arrived inside its 24 h offline window (a later one is refused
    /// with 400), so a late report is a finding for the bureau to read, not a fault of the provider (DOMAIN.md §8
    /// "Credit"; ADR 0026).
    /// </summary>
    public override int CreditPoints => 0;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } =
    [
        new("late_report_minutes", 120), // booked this long after occurredAt (the protocol allows up to 24 h offline)
    ];

    public override string Sql => Query;
}
