using Dapper;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Whitelist;
using Npgsql;

namespace LoveCard.Settlement.Oversight.Province;

/// <summary>Counts the plan's measures from settlement's read models and projections, and keeps one row per
/// month (ADR 0037).</summary>
public sealed class ProvinceTargetStore(NpgsqlDataSource dataSource)
{
    /// <summary>The measures now (DOMAIN.md §8 as ADR 0037 reads it); the targets test counts the same by hand.
    /// A cardholder is an elder with an active card and no recorded death; a county is covered when it has one
    /// and a whitelisted provider.</summary>
    public const string MeasureSql = """
        WITH holders AS (
            SELECT DISTINCT c.elder_id, c.home_county FROM rm_cards c
             WHERE c.status = @Active AND NOT EXISTS (SELECT 1 FROM elder_deaths d WHERE d.elder_id = c.elder_id)),
        counties AS (SELECT code FROM county_register WHERE abolished_on IS NULL)
        SELECT
          (SELECT count(DISTINCT elder_id) FROM holders) AS cardholders,
          (SELECT count(*)::int FROM counties r
            WHERE EXISTS (SELECT 1 FROM holders h WHERE h.home_county = r.code)
              AND EXISTS (SELECT 1 FROM rm_providers p WHERE p.county = r.code AND p.status = @Whitelisted))
              AS counties_covered,
          (SELECT count(*)::int FROM counties) AS counties,
          (SELECT count(*) FROM public_care_workers WHERE certificate_valid_until >= @today) AS certified_care_workers,
          (SELECT count(*) FROM public_elders e
            WHERE NOT EXISTS (SELECT 1 FROM elder_deaths d WHERE d.elder_id = e.elder_id)) AS registered_elders,
          (SELECT count(*)::int FROM rm_county_settings s JOIN counties r ON r.code = s.county
            WHERE s.one_card_network) AS one_card_counties
        """;

    public static object MeasureParameters(DateOnly today) =>
        new
        {
            CardStatuses.Active,
            ProviderStatuses.Whitelisted,
            today,
        };

    public async Task<ProvinceFigures> MeasureAsync(DateOnly today, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<ProvinceFigures>(
            new CommandDefinition(MeasureSql, MeasureParameters(today), cancellationToken: ct)
        );
    }

    public async Task RecordAsync(string month, ProvinceFigures f, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO province_target_months (month, cardholders, counties_covered, counties, certified_care_workers,
                registered_elders, one_card_counties, recorded_at)
            VALUES (@month, @Cardholders, @CountiesCovered, @Counties, @CertifiedCareWorkers, @RegisteredElders,
                @OneCardCounties, @now)
            ON CONFLICT (month) DO UPDATE SET cardholders = excluded.cardholders,
                counties_covered = excluded.counties_covered, counties = excluded.counties,
                certified_care_workers = excluded.certified_care_workers,
                registered_elders = excluded.registered_elders, one_card_counties = excluded.one_card_counties,
                recorded_at = excluded.recorded_at
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    month,
                    f.Cardholders,
                    f.CountiesCovered,
                    f.Counties,
                    f.CertifiedCareWorkers,
                    f.RegisteredElders,
                    f.OneCardCounties,
                    now = now.UtcDateTime,
                },
                cancellationToken: ct
            )
        );
    }

    /// <summary>The recorded months before <paramref name="current"/>, newest first.</summary>
    public async Task<IReadOnlyList<(string Month, ProvinceFigures Figures)>> HistoryAsync(
        string current,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT month, cardholders, counties_covered, counties, certified_care_workers, registered_elders,
                   one_card_counties
              FROM province_target_months WHERE month < @current ORDER BY month DESC
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<MonthRow>(
            new CommandDefinition(sql, new { current }, cancellationToken: ct)
        );
        return rows.Select(r =>
                (
                    r.Month,
                    new ProvinceFigures(
                        r.Cardholders,
                        r.CountiesCovered,
                        r.Counties,
                        r.CertifiedCareWorkers,
                        r.RegisteredElders,
                        r.OneCardCounties
                    )
                )
            )
            .ToList();
    }

    private sealed record MonthRow(
        string Month,
        long Cardholders,
        int CountiesCovered,
        int Counties,
        long CertifiedCareWorkers,
        long RegisteredElders,
        int OneCardCounties
    );
}
