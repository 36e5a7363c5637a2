using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>
/// A closed month's fiscal obligations per budget line (ADR 0039): what the county's fiscal fund paid out in the
/// month (the postings clearing reads), per the category of the purchase each posting belongs to, put on the
/// county's lines as they stand at the close and kept, so a closed month never changes.
/// </summary>
public static class ClearingFiscalLines
{
    private const string AmountsSql = """
        SELECT x.category, -sum(po.amount_fen)::bigint AS fiscal_fen
          FROM postings po
          LEFT JOIN statement_corrections sc ON po.purchase_id IS NULL AND sc.correction_id = po.transaction_id
          LEFT JOIN purchases x ON x.purchase_id = coalesce(po.purchase_id, sc.purchase_id)
         WHERE po.account_id = @Account AND po.booked_at >= @From AND po.booked_at < @To
           AND po.kind IN ('purchase', 'void', 'refund', 'correction', 'recovery')
         GROUP BY x.category
        """;

    /// <summary>Computes and stores the lines of the county's closing month (in the close's transaction).</summary>
    public static async Task CloseAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string county,
        string period,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken ct
    )
    {
        var amounts = await connection.QueryAsync<(int? Category, long FiscalFen)>(
            new CommandDefinition(
                AmountsSql,
                new
                {
                    Account = $"fund:{county}:fiscal",
                    From = from.UtcDateTime,
                    To = to.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        var lines = await BudgetLineStore.ForCountiesAsync(connection, transaction, [county], ct);
        var totals = FiscalLineSplit.Split(amounts.Select(a => (county, a.Category, a.FiscalFen)), lines);
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO clearing_fiscal_lines (county, period, line_code, name, categories, position, fiscal_fen)
                SELECT @County, @Period, l.code, l.name, string_to_array(l.categories, ',')::integer[], l.position,
                       l.fen
                  FROM unnest(@Codes, @Names, @Categories, @Positions, @Fens) AS l (code, name, categories, position,
                      fen)
                """,
                new
                {
                    County = county,
                    Period = period,
                    Codes = totals.Select(t => t.Line ?? "").ToArray(),
                    Names = totals.Select(t => t.Name).ToArray(),
                    Categories = totals.Select(t => string.Join(',', t.Categories)).ToArray(),
                    Positions = totals.Select((_, i) => i).ToArray(),
                    Fens = totals.Select(t => t.FiscalFen).ToArray(),
                },
                transaction,
                cancellationToken: ct
            )
        );
    }

    public static async Task<IReadOnlyList<FiscalLineTotal>> LoadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string county,
        string period,
        CancellationToken ct
    )
    {
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(
                """
                SELECT line_code, name, categories, fiscal_fen FROM clearing_fiscal_lines
                 WHERE county = @county AND period = @period ORDER BY position
                """,
                new { county, period },
                transaction,
                cancellationToken: ct
            )
        );
        return rows.Select(r => new FiscalLineTotal(
                county,
                r.LineCode.Length == 0 ? null : r.LineCode,
                r.Name,
                r.Categories,
                r.FiscalFen
            ))
            .ToArray();
    }

    private sealed class Row
    {
        public string LineCode { get; init; } = "";

        public string Name { get; init; } = "";

        public int[] Categories { get; init; } = [];

        public long FiscalFen { get; init; }
    }
}
