using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>Reads of recorded purchases for terminals: by id, by idempotency key, the catalog and a day's
/// totals.</summary>
public sealed class PurchaseQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The purchase as recorded with its voids and refunds; null when unknown or another provider's.</summary>
    public async Task<PurchaseView?> GetAsync(
        NpgsqlConnection? connection,
        NpgsqlTransaction? transaction,
        Guid providerId,
        Guid purchaseId,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT * FROM purchases WHERE purchase_id = @purchaseId AND provider_id = @providerId;
            SELECT * FROM reversals WHERE purchase_id = @purchaseId ORDER BY booked_at, reversal_id;
            """;
        return await WithConnectionAsync(
            connection,
            async c =>
            {
                await using var results = await c.QueryMultipleAsync(
                    new CommandDefinition(sql, new { purchaseId, providerId }, transaction, cancellationToken: ct)
                );
                var row = await results.ReadSingleOrDefaultAsync<PurchaseRow>();
                var reversals = (await results.ReadAsync<ReversalRow>()).AsList();
                return row is null ? null : ToView(row, reversals);
            },
            ct
        );
    }

    /// <summary>The purchase this terminal sent with <paramref name="idempotencyKey"/>.</summary>
    public async Task<PurchaseView?> FindByKeyAsync(
        string terminalId,
        Guid providerId,
        string idempotencyKey,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<Guid?>(
            new CommandDefinition(
                "SELECT purchase_id FROM purchases WHERE terminal_id = @terminalId AND idempotency_key = "
                    + "@idempotencyKey",
                new { terminalId, idempotencyKey },
                cancellationToken: ct
            )
        );
        return id is null ? null : await GetAsync(connection, null, providerId, id.Value, ct);
    }

    public async Task<CatalogAnswer> CatalogAsync(Guid providerId, DateOnly day, CancellationToken ct)
    {
        const string sql = """
            SELECT item_code, name, unit, unit_price_fen, discount_percent, effective_from
              FROM rm_provider_items WHERE provider_id = @providerId AND effective_from <= @day ORDER BY item_code
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ProviderItemRow>(
            new CommandDefinition(sql, new { providerId, day }, cancellationToken: ct)
        );
        return new CatalogAnswer(
            rows.Select(r => new CatalogItem(
                    r.ItemCode,
                    r.Name,
                    r.Unit,
                    r.UnitPriceFen,
                    r.DiscountPercent,
                    MoneyRules.DiscountedPrice(r.UnitPriceFen, Math.Clamp(r.DiscountPercent, 0, 100))
                ))
                .ToArray()
        );
    }

    /// <summary>A terminal's Asia/Shanghai day: counts and sums by item and by source.</summary>
    public async Task<TotalsAnswer> TotalsAsync(string terminalId, DateOnly day, CancellationToken ct)
    {
        const string sql = """
            SELECT item, status, count(*) AS count, coalesce(sum(price_fen), 0)::bigint AS amount_fen,
                   coalesce(sum(fiscal_fen), 0)::bigint AS fiscal_fen, coalesce(sum(collective_fen), 0)::bigint AS
                       collective_fen,
                   coalesce(sum(charity_fen), 0)::bigint AS charity_fen, coalesce(sum(family_fen), 0)::bigint AS
                       family_fen
              FROM purchases WHERE terminal_id = @terminalId AND booked_day = @day
             GROUP BY item, status ORDER BY item, status;
            SELECT kind AS item, kind AS status, count(*) AS count, sum(amount_fen)::bigint AS amount_fen,
                sum(fiscal_fen)::bigint AS fiscal_fen,
                   sum(collective_fen)::bigint AS collective_fen, sum(charity_fen)::bigint AS charity_fen,
                       sum(family_fen)::bigint AS family_fen
              FROM reversals WHERE terminal_id = @terminalId AND booked_day = @day
             GROUP BY kind;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, new { terminalId, day }, cancellationToken: ct)
        );
        var purchases = (await results.ReadAsync<TotalsRow>()).AsList();
        var reversals = (await results.ReadAsync<TotalsRow>()).AsList();

        // A voided purchase was approved when booked; its void is counted under "voided".
        static bool WasApproved(TotalsRow r) => r.Status is PurchaseStatuses.Approved or PurchaseStatuses.Voided;
        static SourceTotals Sum(IEnumerable<TotalsRow> rows)
        {
            var list = rows.ToList();
            return new SourceTotals(
                list.Sum(r => r.Count),
                list.Sum(r => r.AmountFen),
                list.Sum(r => r.FiscalFen),
                list.Sum(r => r.CollectiveFen),
                list.Sum(r => r.CharityFen),
                list.Sum(r => r.FamilyFen)
            );
        }

        var byItem = purchases
            .GroupBy(r => r.Item)
            .Select(g => new ItemTotals(
                g.Key,
                Sum(g.Where(WasApproved)),
                g.Where(r => r.Status == PurchaseStatuses.Declined).Sum(r => r.Count)
            ))
            .ToArray();
        return new TotalsAnswer(
            day,
            terminalId,
            Sum(purchases.Where(WasApproved)),
            purchases.Where(r => r.Status == PurchaseStatuses.Declined).Sum(r => r.Count),
            Sum(reversals.Where(r => r.Status == "void")),
            Sum(reversals.Where(r => r.Status == "refund")),
            byItem
        );
    }

    public static PurchaseView ToView(PurchaseRow row, IReadOnlyList<ReversalRow> reversals)
    {
        var approved = row.Status != PurchaseStatuses.Declined;
        var paid = (row.FiscalFen ?? 0) + (row.CollectiveFen ?? 0) + (row.CharityFen ?? 0) + (row.FamilyFen ?? 0);
        var back = row.FiscalBackFen + row.CollectiveBackFen + row.CharityBackFen + row.FamilyBackFen;
        return new PurchaseView(
            row.PurchaseId,
            row.ReceiptNo,
            row.Status,
            row.DeclineCode,
            row.ElderId is null ? null : new ElderView(row.MaskedName ?? "", row.Category, row.HomeCounty ?? ""),
            row.Item,
            row.Quantity,
            row.ListPriceFen,
            approved ? row.PriceFen : null,
            approved
                ? new SplitView(row.FiscalFen ?? 0, row.CollectiveFen ?? 0, row.CharityFen ?? 0, row.FamilyFen ?? 0)
                : null,
            approved
                ? new CapsView(
                    row.RemainingFiscalFen ?? 0,
                    row.RemainingCollectiveFen ?? 0,
                    row.RemainingCharityFen ?? 0
                )
                : null,
            Shanghai.ToLocal(Utc(row.OccurredAt)),
            Shanghai.ToLocal(Utc(row.BookedAt)),
            row.OrderId,
            row.Status == PurchaseStatuses.Approved ? paid - back : 0,
            reversals
                .Select(r => new ReversalView(
                    r.ReversalId,
                    r.Kind,
                    r.AmountFen,
                    new SplitView(r.FiscalFen, r.CollectiveFen, r.CharityFen, r.FamilyFen),
                    r.Reason,
                    Shanghai.ToLocal(Utc(r.BookedAt))
                ))
                .ToArray()
        );
    }

    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private async Task<T> WithConnectionAsync<T>(
        NpgsqlConnection? connection,
        Func<NpgsqlConnection, Task<T>> work,
        CancellationToken ct
    )
    {
        if (connection is not null)
        {
            return await work(connection);
        }

        await using var owned = await dataSource.OpenConnectionAsync(ct);
        return await work(owned);
    }

    private sealed class TotalsRow
    {
        public string Item { get; init; } = "";

        public string Status { get; init; } = "";

        public long Count { get; init; }

        public long AmountFen { get; init; }

        public long FiscalFen { get; init; }

        public long CollectiveFen { get; init; }

        public long CharityFen { get; init; }

        public long FamilyFen { get; init; }
    }
}
