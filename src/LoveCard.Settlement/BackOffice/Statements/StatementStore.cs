using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// Statements over the core's purchases and reversals and this feature's corrections, every query
/// generated from <see cref="StatementSql"/>'s one definition of a line: the JSON page and its
/// totals, the CSV/XLSX export and its total row, and the county summary (DOMAIN.md §5).
/// </summary>
public sealed class StatementStore(NpgsqlDataSource dataSource)
{
    // Generated once per scope: the SQL text is constant, so Npgsql's auto-prepare can reuse it.
    private static readonly string ProviderPageSql = PageSql(StatementScope.Provider);
    private static readonly string ElderPageSql = PageSql(StatementScope.Elder);
    private static readonly string ProviderExportSql = StatementExport.Sql(StatementScope.Provider);
    private static readonly string ElderExportSql = StatementExport.Sql(StatementScope.Elder);
    private static readonly string CountySql = $"""
        {StatementSql.Totals(StatementScope.County, "provider_id", "item")}
         ORDER BY provider_id, item
        """;

    /// <summary>
    /// One page of lines (part 0, walked in booking order through the subject's indexes, so only the
    /// page's rows and those before it are read) and the totals per item (part 1, from the covering
    /// indexes), in one statement, hence one snapshot. Lines are ordered by booking time, then line
    /// id (unique: a purchase, reversal or correction id), then kind.
    /// </summary>
    private static string PageSql(StatementScope scope) =>
        $"""
            SELECT * FROM (
                SELECT 0 AS part, booked_at, kind, line_id, purchase_id, receipt_no, idempotency_key, terminal_id,
                    provider_id, elder_id,
                       masked_name, home_county, item, 1 AS lines, quantity::bigint AS quantity, amount_fen, fiscal_fen,
                           collective_fen,
                       charity_fen, family_fen
                  FROM ({StatementSql.Lines(scope, firstLinesOnly: true)}) l
                 ORDER BY booked_at, line_id, kind
                OFFSET @Offset LIMIT @Limit) page
            UNION ALL
            SELECT * FROM (
                SELECT 1, NULL::timestamptz, NULL, NULL::uuid, NULL::uuid, NULL, NULL, NULL, NULL::uuid, NULL::uuid,
                    NULL, NULL, item, lines,
                       quantity, amount_fen, fiscal_fen, collective_fen, charity_fen, family_fen
                  FROM ({StatementSql.Totals(scope, "item")}) t) totals
             ORDER BY part, booked_at, line_id, kind, item
            """;

    public async Task<(
        IReadOnlyList<StatementLine> Lines,
        StatementTotals Totals,
        IReadOnlyList<ItemTotals> Items
    )> PageAsync(
        StatementSubject subject,
        Guid subjectId,
        StatementPeriod period,
        int offset,
        int limit,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (
            await connection.QueryAsync<PageRow>(
                new CommandDefinition(
                    subject == StatementSubject.Provider ? ProviderPageSql : ElderPageSql,
                    new
                    {
                        Subject = subjectId,
                        From = period.From.UtcDateTime,
                        To = period.To.UtcDateTime,
                        Offset = offset,
                        Limit = limit,
                        Window = (long)offset + limit,
                    },
                    cancellationToken: ct
                )
            )
        ).AsList();
        var lines = rows.Where(r => r.Part == 0)
            .Select(r => new StatementLine
            {
                BookedAt = r.BookedAt!.Value,
                Kind = r.Kind!,
                LineId = r.LineId!.Value,
                PurchaseId = r.PurchaseId!.Value,
                ReceiptNo = r.ReceiptNo!,
                IdempotencyKey = r.IdempotencyKey,
                TerminalId = r.TerminalId!,
                ProviderId = r.ProviderId!.Value,
                ElderId = r.ElderId,
                MaskedName = r.MaskedName,
                HomeCounty = r.HomeCounty,
                Item = r.Item,
                Quantity = (int)r.Quantity,
                AmountFen = r.AmountFen,
                FiscalFen = r.FiscalFen,
                CollectiveFen = r.CollectiveFen,
                CharityFen = r.CharityFen,
                FamilyFen = r.FamilyFen,
            })
            .ToArray();
        var items = rows.Where(r => r.Part == 1)
            .Select(r => new ItemTotals(
                r.Item,
                r.Lines,
                r.Quantity,
                r.AmountFen,
                r.FiscalFen,
                r.CollectiveFen,
                r.CharityFen,
                r.FamilyFen
            ))
            .ToArray();
        return (lines, Sum(items), items);
    }

    /// <summary>A statement's totals are the sum of its item totals: one source of numbers for both.</summary>
    private static StatementTotals Sum(IReadOnlyCollection<ItemTotals> items)
    {
        long fiscal = items.Sum(i => i.FiscalFen),
            collective = items.Sum(i => i.CollectiveFen),
            charity = items.Sum(i => i.CharityFen);
        return new StatementTotals(
            items.Sum(i => i.Lines),
            items.Sum(i => i.AmountFen),
            fiscal,
            collective,
            charity,
            items.Sum(i => i.FamilyFen),
            fiscal + collective + charity
        );
    }

    private sealed class PageRow
    {
        public int Part { get; init; }

        public int Lines { get; init; }

        public DateTimeOffset? BookedAt { get; init; }

        public string? Kind { get; init; }

        public Guid? LineId { get; init; }

        public Guid? PurchaseId { get; init; }

        public string? ReceiptNo { get; init; }

        public string? IdempotencyKey { get; init; }

        public string? TerminalId { get; init; }

        public Guid? ProviderId { get; init; }

        public Guid? ElderId { get; init; }

        public string? MaskedName { get; init; }

        public string? HomeCounty { get; init; }

        public string Item { get; init; } = "";

        public long Quantity { get; init; }

        public long AmountFen { get; init; }

        public long FiscalFen { get; init; }

        public long CollectiveFen { get; init; }

        public long CharityFen { get; init; }

        public long FamilyFen { get; init; }
    }

    /// <summary>
    /// Every provider's statement totals for a county in one pass (the bureau's view of the month,
    /// and what R6 measures): the same lines as the per-provider statement, grouped by provider and
    /// item. A provider is in its county's summary by <c>provider_county</c>.
    /// </summary>
    public async Task<IReadOnlyList<ProviderSummary>> CountySummaryAsync(
        string county,
        StatementPeriod period,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(
            System.Data.IsolationLevel.RepeatableRead,
            ct
        );
        // JIT compiling this plan costs about half a second on these machines, more than it saves
        // on a query of a second; it is off for this one transaction only.
        await connection.ExecuteAsync(
            new CommandDefinition("SET LOCAL jit = off", transaction: transaction, cancellationToken: ct)
        );
        var rows = await connection.QueryAsync<CountyGroupRow>(
            new CommandDefinition(
                CountySql,
                new
                {
                    Subject = county,
                    From = period.From.UtcDateTime,
                    To = period.To.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await transaction.CommitAsync(ct);
        return rows.GroupBy(r => r.ProviderId)
            .Select(g =>
            {
                var items = g.Select(r => new ItemTotals(
                        r.Item,
                        r.Lines,
                        r.Quantity,
                        r.AmountFen,
                        r.FiscalFen,
                        r.CollectiveFen,
                        r.CharityFen,
                        r.FamilyFen
                    ))
                    .ToArray();
                return new ProviderSummary(g.Key, Sum(items), items);
            })
            .ToArray();
    }

    private sealed class CountyGroupRow
    {
        public Guid ProviderId { get; init; }

        public string Item { get; init; } = "";

        public int Lines { get; init; }

        public long Quantity { get; init; }

        public long AmountFen { get; init; }

        public long FiscalFen { get; init; }

        public long CollectiveFen { get; init; }

        public long CharityFen { get; init; }

        public long FamilyFen { get; init; }
    }

    /// <summary>A reader over <see cref="StatementExport.Sql"/>'s rows; the caller disposes the connection with the
    /// reader.</summary>
    public async Task<(NpgsqlConnection Connection, DbDataReader Reader)> OpenExportAsync(
        StatementSubject subject,
        Guid subjectId,
        StatementPeriod period,
        CancellationToken ct
    )
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var reader = await connection.ExecuteReaderAsync(
                new CommandDefinition(
                    subject == StatementSubject.Provider ? ProviderExportSql : ElderExportSql,
                    new
                    {
                        Subject = subjectId,
                        From = period.From.UtcDateTime,
                        To = period.To.UtcDateTime,
                    },
                    cancellationToken: ct
                )
            );
            return (connection, reader);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
