using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Statements;

/// <summary>One line of a statement (对账清单): a purchase, a void, a refund or a dispute correction, with its split by source.</summary>
public sealed class StatementLine
{
    public DateTimeOffset BookedAt { get; init; }

    /// <summary><c>purchase</c>, <c>void</c>, <c>refund</c> or <c>correction</c>; reversals carry negative amounts.</summary>
    public string Kind { get; init; } = "";

    public Guid LineId { get; init; }

    public Guid PurchaseId { get; init; }

    public string ReceiptNo { get; init; } = "";

    public string? IdempotencyKey { get; init; }

    public string TerminalId { get; init; } = "";

    public Guid ProviderId { get; init; }

    public Guid? ElderId { get; init; }

    public string? MaskedName { get; init; }

    public string? HomeCounty { get; init; }

    public string Item { get; init; } = "";

    public int Quantity { get; init; }

    public long AmountFen { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    public long FamilyFen { get; init; }
}

/// <summary>Sums over every line of the statement (all pages); <c>SubsidyFen</c> is fiscal + collective + charity.</summary>
public sealed record StatementTotals(int Lines, long AmountFen, long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen, long SubsidyFen);

public sealed record ItemTotals(string Item, int Lines, long Quantity, long AmountFen, long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen);

/// <summary>One provider's statement totals, overall and per item, as in its own statement.</summary>
public sealed record ProviderSummary(Guid ProviderId, StatementTotals Totals, IReadOnlyList<ItemTotals> Items);

/// <summary>Whose statement: a provider's or an elder's.</summary>
public enum StatementSubject
{
    Provider,
    Elder,
}

/// <summary>
/// Statements over the core's purchases and reversals and this feature's corrections. Every line is
/// selected by its own booking time, so a void or refund booked after a month closed appears in the
/// month it happened and a closed month's lines never change (DOMAIN.md §5).
/// </summary>
public sealed class StatementStore(NpgsqlDataSource dataSource)
{
    // Purchases count once approved; a voided purchase is still listed in its own period and its
    // void is a separate negative line in the void's period. Amounts of reversals are negative; a
    // void also takes back the quantity, a (partial) refund does not, so quantities add up too.
    private const string LinesTemplate = """
        SELECT p.booked_at, 'purchase' AS kind, p.purchase_id AS line_id, p.purchase_id, p.receipt_no, p.idempotency_key, p.terminal_id,
               p.provider_id, p.elder_id, p.masked_name, p.home_county, p.item, p.quantity,
               p.price_fen AS amount_fen, p.fiscal_fen, p.collective_fen, p.charity_fen, p.family_fen
          FROM purchases p
         WHERE p.status IN ('approved', 'voided') AND p.{0} = @SubjectId AND p.booked_at >= @From AND p.booked_at < @To
        UNION ALL
        SELECT r.booked_at, r.kind, r.reversal_id, p.purchase_id, p.receipt_no, p.idempotency_key, r.terminal_id,
               p.provider_id, p.elder_id, p.masked_name, p.home_county, p.item, CASE WHEN r.kind = 'void' THEN -p.quantity ELSE 0 END,
               -r.amount_fen, -r.fiscal_fen, -r.collective_fen, -r.charity_fen, -r.family_fen
          FROM reversals r JOIN purchases p ON p.purchase_id = r.purchase_id
         WHERE p.{0} = @SubjectId AND r.booked_at >= @From AND r.booked_at < @To
        UNION ALL
        SELECT c.booked_at, 'correction', c.correction_id, p.purchase_id, p.receipt_no, p.idempotency_key, p.terminal_id,
               p.provider_id, p.elder_id, p.masked_name, p.home_county, p.item, 0,
               c.amount_fen,
               CASE WHEN c.source = 'fiscal' THEN c.amount_fen ELSE 0 END,
               CASE WHEN c.source = 'collective' THEN c.amount_fen ELSE 0 END,
               CASE WHEN c.source = 'charity' THEN c.amount_fen ELSE 0 END,
               0::bigint
          FROM statement_corrections c JOIN purchases p ON p.purchase_id = c.purchase_id
         WHERE p.{0} = @SubjectId AND c.booked_at >= @From AND c.booked_at < @To
        """;

    private static readonly string ProviderLines = string.Format(System.Globalization.CultureInfo.InvariantCulture, LinesTemplate, "provider_id");
    private static readonly string ElderLines = string.Format(System.Globalization.CultureInfo.InvariantCulture, LinesTemplate, "elder_id");

    private static string Lines(StatementSubject subject) => subject == StatementSubject.Provider ? ProviderLines : ElderLines;

    /// <summary>
    /// One page of lines and the totals over all pages, in one statement that reads the subject's
    /// lines once (a MATERIALIZED CTE): the page rows first (part 0), then the overall and per-item
    /// totals (part 1) in the same columns.
    /// </summary>
    public async Task<(IReadOnlyList<StatementLine> Lines, StatementTotals Totals, IReadOnlyList<ItemTotals> Items)> PageAsync(
        StatementSubject subject, Guid subjectId, StatementPeriod period, int offset, int limit, CancellationToken ct)
    {
        var sql = $"""
            WITH lines AS MATERIALIZED ({Lines(subject)}),
            page AS (SELECT * FROM lines ORDER BY booked_at, line_id, kind OFFSET @Offset LIMIT @Limit)
            SELECT 0 AS part, 0 AS grouped, 1 AS line_count, booked_at, kind, line_id, purchase_id, receipt_no, idempotency_key, terminal_id,
                   provider_id, elder_id, masked_name, home_county, item, quantity::bigint AS quantity, amount_fen, fiscal_fen, collective_fen,
                   charity_fen, family_fen
              FROM page
            UNION ALL
            SELECT 1, GROUPING(item), count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, coalesce(item, ''),
                   coalesce(sum(quantity), 0)::bigint, coalesce(sum(amount_fen), 0)::bigint, coalesce(sum(fiscal_fen), 0)::bigint,
                   coalesce(sum(collective_fen), 0)::bigint, coalesce(sum(charity_fen), 0)::bigint, coalesce(sum(family_fen), 0)::bigint
              FROM lines GROUP BY GROUPING SETS ((), (item))
             ORDER BY part, grouped DESC, booked_at, line_id, kind, item
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<PageRow>(new CommandDefinition(sql, new
        {
            SubjectId = subjectId,
            From = period.From.UtcDateTime,
            To = period.To.UtcDateTime,
            Offset = offset,
            Limit = limit,
        }, cancellationToken: ct))).AsList();
        var lines = rows.Where(r => r.Part == 0).Select(r => new StatementLine
        {
            BookedAt = r.BookedAt!.Value, Kind = r.Kind!, LineId = r.LineId!.Value, PurchaseId = r.PurchaseId!.Value, ReceiptNo = r.ReceiptNo!,
            IdempotencyKey = r.IdempotencyKey, TerminalId = r.TerminalId!, ProviderId = r.ProviderId!.Value, ElderId = r.ElderId,
            MaskedName = r.MaskedName, HomeCounty = r.HomeCounty, Item = r.Item, Quantity = (int)r.Quantity, AmountFen = r.AmountFen,
            FiscalFen = r.FiscalFen, CollectiveFen = r.CollectiveFen, CharityFen = r.CharityFen, FamilyFen = r.FamilyFen,
        }).ToArray();
        var all = rows.First(r => r.Part == 1 && r.Grouped == 1);
        var totals = new StatementTotals(all.LineCount, all.AmountFen, all.FiscalFen, all.CollectiveFen, all.CharityFen, all.FamilyFen,
            all.FiscalFen + all.CollectiveFen + all.CharityFen);
        var items = rows.Where(r => r.Part == 1 && r.Grouped == 0)
            .Select(r => new ItemTotals(r.Item, r.LineCount, r.Quantity, r.AmountFen, r.FiscalFen, r.CollectiveFen, r.CharityFen, r.FamilyFen))
            .ToArray();
        return (lines, totals, items);
    }

    private sealed class PageRow
    {
        public int Part { get; init; }

        public int Grouped { get; init; }

        public int LineCount { get; init; }

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
    /// by provider and item. A provider is in its county's summary by <c>provider_county</c>.
    /// </summary>
    public async Task<IReadOnlyList<ProviderSummary>> CountySummaryAsync(string county, StatementPeriod period, CancellationToken ct)
    {
        // Aggregated per branch first (a parallel hash aggregate over the county's month, like a plain
        // GROUP BY) and merged after, rather than grouping the union of a million lines with GROUPING
        // SETS, which sorts them all. A month's reversals are few: each finds its purchase through the
        // primary key (OFFSET 0 keeps the planner from turning that into a second scan of purchases).
        const string sql = """
            WITH per_item AS (
                SELECT p.provider_id, p.item, count(*) AS lines, sum(p.quantity) AS quantity, sum(p.price_fen) AS amount_fen,
                       sum(p.fiscal_fen) AS fiscal_fen, sum(p.collective_fen) AS collective_fen, sum(p.charity_fen) AS charity_fen,
                       sum(p.family_fen) AS family_fen
                  FROM purchases p
                 WHERE p.provider_county = @County AND p.status IN ('approved', 'voided') AND p.booked_at >= @From AND p.booked_at < @To
                 GROUP BY p.provider_id, p.item
                UNION ALL
                SELECT p.provider_id, p.item, count(*), sum(CASE WHEN r.kind = 'void' THEN -p.quantity ELSE 0 END),
                       -sum(r.amount_fen), -sum(r.fiscal_fen), -sum(r.collective_fen), -sum(r.charity_fen), -sum(r.family_fen)
                  FROM reversals r
                  JOIN LATERAL (SELECT provider_id, provider_county, item, quantity FROM purchases WHERE purchase_id = r.purchase_id OFFSET 0) p ON true
                 WHERE p.provider_county = @County AND r.booked_at >= @From AND r.booked_at < @To
                 GROUP BY p.provider_id, p.item
                UNION ALL
                SELECT c.provider_id, p.item, count(*), 0, sum(c.amount_fen),
                       sum(c.amount_fen) FILTER (WHERE c.source = 'fiscal'), sum(c.amount_fen) FILTER (WHERE c.source = 'collective'),
                       sum(c.amount_fen) FILTER (WHERE c.source = 'charity'), 0
                  FROM statement_corrections c JOIN purchases p ON p.purchase_id = c.purchase_id
                 WHERE c.provider_county = @County AND c.booked_at >= @From AND c.booked_at < @To
                 GROUP BY c.provider_id, p.item
            ), merged AS (
                SELECT provider_id, item, sum(lines) AS lines, sum(quantity) AS quantity, sum(amount_fen) AS amount_fen,
                       coalesce(sum(fiscal_fen), 0) AS fiscal_fen, coalesce(sum(collective_fen), 0) AS collective_fen,
                       coalesce(sum(charity_fen), 0) AS charity_fen, sum(family_fen) AS family_fen
                  FROM per_item GROUP BY provider_id, item
            )
            SELECT provider_id, item, 0 AS grouped, lines::int AS lines, quantity::bigint AS quantity, amount_fen::bigint AS amount_fen,
                   fiscal_fen::bigint AS fiscal_fen, collective_fen::bigint AS collective_fen, charity_fen::bigint AS charity_fen,
                   family_fen::bigint AS family_fen
              FROM merged
            UNION ALL
            SELECT provider_id, '', 1, sum(lines)::int, sum(quantity)::bigint, sum(amount_fen)::bigint, sum(fiscal_fen)::bigint,
                   sum(collective_fen)::bigint, sum(charity_fen)::bigint, sum(family_fen)::bigint
              FROM merged GROUP BY provider_id
             ORDER BY 1, 3 DESC, 2
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        // JIT compiling this plan costs about half a second on these machines, more than it saves
        // on a query of a second; it is off for this one transaction only.
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL jit = off", transaction: transaction, cancellationToken: ct));
        var rows = await connection.QueryAsync<CountyGroupRow>(new CommandDefinition(sql, new
        {
            County = county,
            From = period.From.UtcDateTime,
            To = period.To.UtcDateTime,
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return rows.GroupBy(r => r.ProviderId).Select(g =>
        {
            var all = g.First(r => r.Grouped == 1);
            return new ProviderSummary(g.Key,
                new StatementTotals(all.Lines, all.AmountFen, all.FiscalFen, all.CollectiveFen, all.CharityFen, all.FamilyFen,
                    all.FiscalFen + all.CollectiveFen + all.CharityFen),
                g.Where(r => r.Grouped == 0)
                    .Select(r => new ItemTotals(r.Item, r.Lines, r.Quantity, r.AmountFen, r.FiscalFen, r.CollectiveFen, r.CharityFen, r.FamilyFen))
                    .ToArray());
        }).ToArray();
    }

    private sealed class CountyGroupRow
    {
        public Guid ProviderId { get; init; }

        public string Item { get; init; } = "";

        public int Grouped { get; init; }

        public int Lines { get; init; }

        public long Quantity { get; init; }

        public long AmountFen { get; init; }

        public long FiscalFen { get; init; }

        public long CollectiveFen { get; init; }

        public long CharityFen { get; init; }

        public long FamilyFen { get; init; }
    }

    /// <summary>The export's column headers, in the order of <see cref="OpenExportAsync"/>'s columns.</summary>
    public static readonly string[] ExportHeaders =
    [
        "bookedAt", "kind", "receiptNo", "idempotencyKey", "terminalId", "providerId", "elderId", "maskedName", "homeCounty", "item",
        "quantity", "amountFen", "fiscalFen", "collectiveFen", "charityFen", "familyFen",
    ];

    /// <summary>
    /// A reader over every line in booking order, then one <c>total</c> line, with text cells already
    /// neutralised against spreadsheet formulas (<c>bo_cell</c>) and numbers left as numbers. Booking
    /// times are Asia/Shanghai wall-clock text. The caller disposes the connection with the reader.
    /// </summary>
    public async Task<(NpgsqlConnection Connection, DbDataReader Reader)> OpenExportAsync(StatementSubject subject, Guid subjectId, StatementPeriod period, CancellationToken ct)
    {
        var sql = $"""
            WITH lines AS ({Lines(subject)})
            SELECT "bookedAt", kind, "receiptNo", "idempotencyKey", "terminalId", "providerId", "elderId", "maskedName", "homeCounty", item,
                   quantity, "amountFen", "fiscalFen", "collectiveFen", "charityFen", "familyFen"
              FROM (
                SELECT 0 AS part, booked_at, line_id,
                       to_char(booked_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI:SS') AS "bookedAt",
                       kind, bo_cell(receipt_no) AS "receiptNo", bo_cell(idempotency_key) AS "idempotencyKey", bo_cell(terminal_id) AS "terminalId",
                       provider_id::text AS "providerId", elder_id::text AS "elderId", bo_cell(masked_name) AS "maskedName",
                       bo_cell(home_county) AS "homeCounty", bo_cell(item) AS item, quantity::bigint AS quantity,
                       amount_fen AS "amountFen", fiscal_fen AS "fiscalFen", collective_fen AS "collectiveFen", charity_fen AS "charityFen",
                       family_fen AS "familyFen"
                  FROM lines
                UNION ALL
                SELECT 1, NULL, NULL, NULL, 'total', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       coalesce(sum(quantity), 0)::bigint, coalesce(sum(amount_fen), 0)::bigint, coalesce(sum(fiscal_fen), 0)::bigint,
                       coalesce(sum(collective_fen), 0)::bigint, coalesce(sum(charity_fen), 0)::bigint, coalesce(sum(family_fen), 0)::bigint
                  FROM lines
              ) x
             ORDER BY part, booked_at, line_id, kind
            """;
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, new
            {
                SubjectId = subjectId,
                From = period.From.UtcDateTime,
                To = period.To.UtcDateTime,
            }, cancellationToken: ct));
            return (connection, reader);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
