using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// Reads of the provincial charity fund (ADR 0038): the rule's inputs from settlement's own read models
/// (eligible living elders per home county, the mountain-or-island flag of the county's settings), the
/// preview, the fund's balance and the allocations with their shares.
/// </summary>
public sealed class CharityAllocationQueries(NpgsqlDataSource dataSource, CharityWeightStore weightStore)
{
    /// <summary>The listing's sort keys (ADR 0031): newest proposal first by default.</summary>
    public static readonly SortKeys Sorts = new(
        "-proposedAt",
        "allocation_id DESC",
        ("proposedAt", "proposed_at"),
        ("amountFen", "amount_fen"),
        ("status", "status"),
        ("decidedAt", "decided_at")
    );

    /// <summary>
    /// The counties the rule divides over: every county with eligible living elders, or only the
    /// <paramref name="counties"/> named (a named county without any has 0 and gets nothing).
    /// </summary>
    public static async Task<IReadOnlyList<CharityCounty>> CountiesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        IReadOnlyList<string>? counties,
        CancellationToken ct
    )
    {
        const string sql = """
            WITH elders AS (
                SELECT e.home_county AS county, count(*) AS n FROM rm_elders e
                 WHERE e.eligible AND (@all OR e.home_county = ANY (@Counties))
                   AND NOT EXISTS (SELECT 1 FROM elder_deaths d WHERE d.elder_id = e.elder_id)
                 GROUP BY e.home_county
            ), named AS (
                SELECT county FROM elders UNION SELECT unnest(@Counties)
            )
            SELECT n.county, coalesce((cs.settings ->> 'mountainOrIsland')::boolean, false) AS mountain_or_island,
                   coalesce(e.n, 0)::bigint AS eligible_elders
              FROM named n LEFT JOIN elders e ON e.county = n.county
              LEFT JOIN rm_county_settings cs ON cs.county = n.county
             WHERE n.county <> @Province
             ORDER BY n.county
            """;
        var rows = await connection.QueryAsync<CountyRow>(
            new CommandDefinition(
                sql,
                new
                {
                    all = counties is null,
                    Counties = (counties ?? []).ToArray(),
                    Accounts.Province,
                },
                transaction,
                cancellationToken: ct
            )
        );
        return rows.Select(r => new CharityCounty(r.County, r.MountainOrIsland, r.EligibleElders)).ToArray();
    }

    public async Task<CharityPreview> PreviewAsync(
        long amountFen,
        IReadOnlyList<string>? counties,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var weights = (await weightStore.InForceAsync(connection, null, ct)).Weights;
        var shares = Split(amountFen, await CountiesAsync(connection, null, counties, ct), weights);
        var balance = await BalanceFenAsync(connection, null, ct);
        return new CharityPreview(amountFen, balance, weights.MountainOrIslandPermille, weights.OtherPermille, shares);
    }

    /// <summary>The rule's shares, or 422 <c>no_eligible_elders</c> when no county has any.</summary>
    public static IReadOnlyList<CharityShareView> Split(
        long amountFen,
        IReadOnlyList<CharityCounty> counties,
        CharityWeights weights
    ) =>
        CharityRule.Split(amountFen, counties, weights)
        ?? throw new RuleViolationException(
            "no_eligible_elders",
            "None of the counties has an eligible elder: there is nothing to divide the amount by.",
            "counties"
        );

    public static Task<long> BalanceFenAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        CancellationToken ct
    ) =>
        connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                "SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @ProvinceCharity",
                new { Accounts.ProvinceCharity },
                transaction,
                cancellationToken: ct
            )
        );

    public async Task<CharityFundBalance> BalanceAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT (SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @a),
                   coalesce(sum(amount_fen) FILTER (WHERE kind = 'top_up'), 0)::bigint,
                   coalesce(-sum(amount_fen) FILTER (WHERE kind = 'charity_allocation'), 0)::bigint
              FROM postings WHERE account_id = @a
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var (balance, donated, allocated) = await connection.QuerySingleAsync<(long, long, long)>(
            new CommandDefinition(sql, new { a = Accounts.ProvinceCharity }, cancellationToken: ct)
        );
        return new CharityFundBalance(Accounts.ProvinceCharity, balance, donated, allocated);
    }

    public async Task<CharityAllocationView> GetAsync(Guid allocationId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CharityAllocationRow>(
            new CommandDefinition(
                "SELECT * FROM charity_allocations WHERE allocation_id = @allocationId",
                new { allocationId },
                cancellationToken: ct
            )
        ) ?? throw new NotFoundException("Allocation");
        var shares = await SharesAsync(connection, null, [allocationId], ct);
        return row.ToView(shares.GetValueOrDefault(allocationId, []));
    }

    public async Task<Paged<CharityAllocationView>> ListAsync(string? status, PageRequest paging, CancellationToken ct)
    {
        const string filter = "FROM charity_allocations WHERE (@status::text IS NULL OR status = @status)";
        var sql = $"""
            SELECT count(*) {filter};
            SELECT * {filter} ORDER BY {paging.OrderBy} OFFSET @Offset LIMIT @PageSize;
            """;
        var (total, rows) = await dataSource.QueryPageAsync<CharityAllocationRow>(
            new CommandDefinition(
                sql,
                new
                {
                    status,
                    paging.Offset,
                    paging.PageSize,
                },
                cancellationToken: ct
            )
        );
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var shares = await SharesAsync(connection, null, rows.Select(r => r.AllocationId).ToArray(), ct);
        return Paged<CharityAllocationView>.Of(
            paging,
            total,
            rows.Select(r => r.ToView(shares.GetValueOrDefault(r.AllocationId, []))).ToArray()
        );
    }

    public static async Task<Dictionary<Guid, IReadOnlyList<CharityShareView>>> SharesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Guid[] allocationIds,
        CancellationToken ct
    )
    {
        var rows = await connection.QueryAsync<ShareRow>(
            new CommandDefinition(
                """
                SELECT allocation_id, county, mountain_or_island, eligible_elders, weight_permille, amount_fen
                  FROM charity_allocation_shares WHERE allocation_id = ANY (@allocationIds) ORDER BY county
                """,
                new { allocationIds },
                transaction,
                cancellationToken: ct
            )
        );
        return rows.GroupBy(r => r.AllocationId)
            .ToDictionary(
                g => g.Key,
                g =>
                    (IReadOnlyList<CharityShareView>)
                        g.Select(r => new CharityShareView(
                                r.County,
                                r.MountainOrIsland,
                                r.EligibleElders,
                                r.WeightPermille,
                                r.AmountFen
                            ))
                            .ToArray()
            );
    }

    private sealed class CountyRow
    {
        public string County { get; init; } = "";

        public bool MountainOrIsland { get; init; }

        public long EligibleElders { get; init; }
    }

    private sealed class ShareRow
    {
        public Guid AllocationId { get; init; }

        public string County { get; init; } = "";

        public bool MountainOrIsland { get; init; }

        public long EligibleElders { get; init; }

        public int WeightPermille { get; init; }

        public long AmountFen { get; init; }
    }
}
