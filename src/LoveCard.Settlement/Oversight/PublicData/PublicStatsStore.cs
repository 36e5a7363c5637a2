using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>Reads the public aggregates of one county, or of the whole province, from the event-fed projections
/// (031_public_stats.sql).</summary>
public sealed class PublicStatsStore(NpgsqlDataSource dataSource)
{
    // The same query by the provider's county or by the elder's home county; only these two
    // constant column names are ever put into the text.
    private const string PurchasesTemplate = """
        WITH p AS (
            SELECT item, count(*) AS purchases, sum(price_fen) AS price_fen, sum(fiscal_fen) AS fiscal_fen,
                   sum(collective_fen) AS collective_fen, sum(charity_fen) AS charity_fen, sum(family_fen) AS family_fen
            FROM public_purchases WHERE {0} period = @period GROUP BY item),
        r AS (
            SELECT pp.item, count(*) AS reversals, sum(r.amount_fen) AS price_fen, sum(r.fiscal_fen) AS fiscal_fen,
                   sum(r.collective_fen) AS collective_fen, sum(r.charity_fen) AS charity_fen, sum(r.family_fen) AS
                       family_fen
            FROM public_reversals r JOIN public_purchases pp ON pp.purchase_id = r.purchase_id
            WHERE {1} r.period = @period GROUP BY pp.item)
        SELECT coalesce(p.item, r.item) AS item,
               coalesce(p.purchases, 0) AS purchases, coalesce(r.reversals, 0) AS reversals,
               coalesce(p.price_fen, 0) - coalesce(r.price_fen, 0) AS price_fen,
               coalesce(p.fiscal_fen, 0) - coalesce(r.fiscal_fen, 0) AS fiscal_fen,
               coalesce(p.collective_fen, 0) - coalesce(r.collective_fen, 0) AS collective_fen,
               coalesce(p.charity_fen, 0) - coalesce(r.charity_fen, 0) AS charity_fen,
               coalesce(p.family_fen, 0) - coalesce(r.family_fen, 0) AS family_fen
        FROM p FULL JOIN r ON r.item = p.item
        ORDER BY 1
        """;

    public Task<CountyFigures> ReadAsync(string county, string period, DateOnly today, CancellationToken ct) =>
        ReadAnyAsync(county, period, today, ct);

    /// <summary>Every county's figures summed (ADR 0037); suppressed by the API like a county's.</summary>
    public Task<CountyFigures> ReadProvinceAsync(string period, DateOnly today, CancellationToken ct) =>
        ReadAnyAsync(null, period, today, ct);

    private async Task<CountyFigures> ReadAnyAsync(string? county, string period, DateOnly today, CancellationToken ct)
    {
        // Only constant texts are put in: a county's filter, or none for the province.
        var one = county is not null;
        var sql = $"""
            SELECT category, count(*) AS count FROM public_elders WHERE {(one ? "home_county = @county AND" : "")}
                eligible AND category IS NOT NULL GROUP BY category ORDER BY category;
            SELECT status, count(*) AS count FROM public_providers {(one ? "WHERE county = @county" : "")}
                GROUP BY status ORDER BY status;
            SELECT count(*) FROM public_care_workers WHERE {(one ? "county = @county AND" : "")}
                certificate_valid_until >= @today;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var args = new
        {
            county,
            period,
            today,
        };
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, args, cancellationToken: ct)
        );
        var categories = (await grid.ReadAsync<(int Category, long Count)>()).ToList();
        var statuses = (await grid.ReadAsync<(string Status, long Count)>()).ToList();
        var careWorkers = await grid.ReadSingleAsync<long>();

        var byProvider = (
            await connection.QueryAsync<ItemFigures>(
                new CommandDefinition(Purchases("provider_county", one), args, cancellationToken: ct)
            )
        ).ToList();
        var byHome = (
            await connection.QueryAsync<ItemFigures>(
                new CommandDefinition(Purchases("home_county", one), args, cancellationToken: ct)
            )
        ).ToList();
        return new CountyFigures(categories, statuses, careWorkers, byProvider, byHome);
    }

    private static string Purchases(string column, bool oneCounty) =>
        string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            PurchasesTemplate,
            oneCounty ? $"{column} = @county AND" : "",
            oneCounty ? $"pp.{column} = @county AND" : ""
        );
}
