using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Core.ReadModels;
using Npgsql;

namespace LoveCard.Settlement.Core.SelfService;

/// <summary>The self-service reads (<see cref="SelfServiceApi"/>), always narrowed to the caller's elders.</summary>
public sealed class SelfServiceStore(NpgsqlDataSource dataSource)
{
    /// <summary>Each elder's caps this month from the home county's policy in force today, and their usage.</summary>
    public async Task<IReadOnlyList<MySubsidy>> SubsidyAsync(
        IReadOnlyList<Guid> elders,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT e.elder_id, e.masked_name, e.category, e.eligible, e.home_county,
                   p.policy_version, p.categories::text AS categories,
                   coalesce(u.fiscal_used_fen, 0) AS fiscal_used_fen,
                   coalesce(u.collective_used_fen, 0) AS collective_used_fen,
                   coalesce(u.charity_used_fen, 0) AS charity_used_fen
              FROM rm_elders e
              LEFT JOIN LATERAL (SELECT policy_version, categories FROM rm_subsidy_policies s
                                  WHERE s.county = e.home_county AND s.effective_from <= @day
                                  ORDER BY s.effective_from DESC, s.policy_version DESC LIMIT 1) p ON true
              LEFT JOIN cap_usage u ON u.elder_id = e.elder_id AND u.month = @month
             WHERE e.elder_id = ANY(@elders)
             ORDER BY e.elder_id
            """;
        var month = Shanghai.MonthStart(now);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<SubsidyRow>(
            new CommandDefinition(
                sql,
                new
                {
                    elders = elders.ToArray(),
                    day = Shanghai.Today(now),
                    month,
                },
                cancellationToken: ct
            )
        );
        return rows.Select(r => ToSubsidy(r, Shanghai.Period(now))).ToArray();
    }

    public async Task<Paged<MyPurchase>> PurchasesAsync(
        IReadOnlyList<Guid> elders,
        string? status,
        DateOnly? month,
        PageRequest paging,
        CancellationToken ct
    )
    {
        const string filter = """
            FROM purchases WHERE elder_id = ANY(@elders) AND (@status::text IS NULL OR status = @status)
              AND (@from::timestamptz IS NULL OR (booked_at >= @from AND booked_at < @to))
            """;
        var sql = $"""
            SELECT count(*) {filter};
            SELECT * {filter} ORDER BY {paging.OrderBy} LIMIT @pageSize OFFSET @offset;
            """;
        DateTimeOffset? from = month is { } m ? Shanghai.StartOf(m).ToUniversalTime() : null;
        DateTimeOffset? to = month is { } n ? Shanghai.StartOf(n.AddMonths(1)).ToUniversalTime() : null;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    elders = elders.ToArray(),
                    status,
                    from,
                    to,
                    pageSize = paging.PageSize,
                    offset = paging.Offset,
                },
                cancellationToken: ct
            )
        );
        var total = await grid.ReadSingleAsync<long>();
        var rows = (await grid.ReadAsync<PurchaseRow>()).AsList();
        const string detailSql = """
            SELECT * FROM reversals WHERE purchase_id = ANY(@ids) ORDER BY booked_at, reversal_id;
            SELECT provider_id, name FROM rm_providers WHERE provider_id = ANY(@providers);
            SELECT provider_id, item_code, name FROM rm_provider_items WHERE provider_id = ANY(@providers);
            """;
        await using var details = await connection.QueryMultipleAsync(
            new CommandDefinition(
                detailSql,
                new
                {
                    ids = rows.Select(r => r.PurchaseId).ToArray(),
                    providers = rows.Select(r => r.ProviderId).Distinct().ToArray(),
                },
                cancellationToken: ct
            )
        );
        var reversals = (await details.ReadAsync<ReversalRow>()).ToLookup(r => r.PurchaseId);
        var providerNames = (await details.ReadAsync<(Guid ProviderId, string Name)>()).ToDictionary(
            p => p.ProviderId,
            p => p.Name
        );
        var itemNames = (await details.ReadAsync<(Guid ProviderId, string ItemCode, string Name)>()).ToDictionary(
            i => (i.ProviderId, i.ItemCode),
            i => i.Name
        );
        var items = rows.Select(r =>
            {
                var view = PurchaseQueries.ToView(r, reversals[r.PurchaseId].ToArray());
                return new MyPurchase(
                    view.PurchaseId,
                    view.ReceiptNo,
                    r.ElderId!.Value,
                    r.ProviderId,
                    providerNames.GetValueOrDefault(r.ProviderId),
                    r.Item,
                    itemNames.GetValueOrDefault((r.ProviderId, r.Item)),
                    r.Quantity,
                    view.Status,
                    view.DeclineCode,
                    view.ListPriceFen,
                    view.PriceFen,
                    view.Split,
                    view.RefundableFen,
                    view.OccurredAt,
                    view.BookedAt,
                    view.OrderId,
                    view.Reversals
                );
            })
            .ToArray();
        return Paged<MyPurchase>.Of(paging, total, items);
    }

    public async Task<Paged<OrderView>> OrdersAsync(
        IReadOnlyList<Guid> elders,
        string? status,
        PageRequest paging,
        CancellationToken ct
    )
    {
        const string filter =
            "FROM orders WHERE elder_id = ANY(@elders) AND (@status::text IS NULL OR status = @status)";
        var sql = $"""
            SELECT count(*) {filter};
            SELECT * {filter} ORDER BY {paging.OrderBy} LIMIT @pageSize OFFSET @offset;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    elders = elders.ToArray(),
                    status,
                    pageSize = paging.PageSize,
                    offset = paging.Offset,
                },
                cancellationToken: ct
            )
        );
        var total = await grid.ReadSingleAsync<long>();
        var rows = await grid.ReadAsync<OrderRow>();
        return Paged<OrderView>.Of(paging, total, rows.Select(OrderStore.ToView).ToArray());
    }

    private static MySubsidy ToSubsidy(SubsidyRow r, string period)
    {
        var caps =
            r.Category is { } category && r.Eligible
                ? PolicyDefaults.Resolve(PolicyDefaults.Parse(r.Categories), category, null).Caps
                : default;
        SubsidySource Source(string name, long cap, long used) => new(name, cap, used, Math.Max(0, cap - used));
        var sources = new[]
        {
            Source("fiscal", caps.FiscalFen, r.FiscalUsedFen),
            Source("collective", caps.CollectiveFen, r.CollectiveUsedFen),
            Source("charity", caps.CharityFen, r.CharityUsedFen),
        };
        return new MySubsidy(
            r.ElderId,
            r.MaskedName,
            r.Category,
            r.Eligible,
            r.HomeCounty,
            period,
            r.PolicyVersion,
            sources,
            sources.Sum(s => s.LeftFen)
        );
    }

    private sealed class SubsidyRow
    {
        public Guid ElderId { get; init; }

        public string MaskedName { get; init; } = "";

        public int? Category { get; init; }

        public bool Eligible { get; init; }

        public string HomeCounty { get; init; } = "";

        public int? PolicyVersion { get; init; }

        public string? Categories { get; init; }

        public long FiscalUsedFen { get; init; }

        public long CollectiveUsedFen { get; init; }

        public long CharityUsedFen { get; init; }
    }
}
