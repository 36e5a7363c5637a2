using System.Text;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// The one definition of a statement's lines (对账清单, DOMAIN.md §5), from which every statement
/// query is generated: the JSON page and its totals, the CSV/XLSX export and its total row, and the
/// county summary. What counts, with which sign and in which period is written once here, so the
/// formats cannot drift apart.
/// <list type="bullet">
/// <item>Purchases count once approved; a voided purchase is still listed in its own period and its
/// void is a separate negative line in the void's period.</item>
/// <item>Reversals carry negative amounts; a void also takes back the quantity, a (partial) refund
/// does not (<c>reversals.quantity_back</c>), so quantities add up too.</item>
/// <item>A dispute's correction is a line of its own source, booked in the period it was accepted.</item>
/// <item>Every line is selected by its own booking time, so a closed month's statement never changes
/// and later corrections appear in the period they happen.</item>
/// </list>
/// Each source is filtered by its own columns (041_statement_reversals.sql gave reversals the
/// provider, county, elder and item), so a statement reads only its subject's rows through the
/// covering indexes; the purchase is joined only for the descriptive columns of a listed line.
/// Only fixed SQL fragments are spliced in; every value is a parameter (<c>@Subject</c>,
/// <c>@From</c>, <c>@To</c>, <c>@Window</c>).
/// </summary>
public static class StatementSql
{
    /// <summary>A statement column: its expression in each source, <c>p</c> purchases, <c>r</c> reversals, <c>c</c>
    /// corrections,
    /// <c>v</c> recovery lines, <c>x</c> the reversed, corrected or recovered purchase.</summary>
    private sealed record Column(string Name, string Purchase, string Reversal, string Correction, string Recovery);

    private static readonly Column[] Columns =
    [
        new("booked_at", "p.booked_at", "r.booked_at", "c.booked_at", "v.booked_at"),
        new("kind", "'purchase'", "r.kind", "'correction'", "'recovery'"),
        new("line_id", "p.purchase_id", "r.reversal_id", "c.correction_id", "v.line_id"),
        new("purchase_id", "p.purchase_id", "r.purchase_id", "c.purchase_id", "v.purchase_id"),
        new("receipt_no", "p.receipt_no", "x.receipt_no", "x.receipt_no", "x.receipt_no"),
        new("idempotency_key", "p.idempotency_key", "x.idempotency_key", "x.idempotency_key", "x.idempotency_key"),
        new("terminal_id", "p.terminal_id", "r.terminal_id", "x.terminal_id", "x.terminal_id"),
        new("provider_id", "p.provider_id", "r.provider_id", "c.provider_id", "v.provider_id"),
        new("elder_id", "p.elder_id", "r.elder_id", "c.elder_id", "v.elder_id"),
        new("masked_name", "p.masked_name", "x.masked_name", "x.masked_name", "x.masked_name"),
        new("home_county", "p.home_county", "r.home_county", "c.home_county", "v.home_county"),
        new("item", "p.item", "r.item", "x.item", "v.item"),
        new("quantity", "p.quantity", "-r.quantity_back", "0", "0"),
        new("amount_fen", "p.price_fen", "-r.amount_fen", "c.amount_fen", "-v.amount_fen"),
        new(
            "fiscal_fen",
            "p.fiscal_fen",
            "-r.fiscal_fen",
            "CASE WHEN c.source = 'fiscal' THEN c.amount_fen ELSE 0 END",
            "-v.fiscal_fen"
        ),
        new(
            "collective_fen",
            "p.collective_fen",
            "-r.collective_fen",
            "CASE WHEN c.source = 'collective' THEN c.amount_fen ELSE 0 END",
            "-v.collective_fen"
        ),
        new(
            "charity_fen",
            "p.charity_fen",
            "-r.charity_fen",
            "CASE WHEN c.source = 'charity' THEN c.amount_fen ELSE 0 END",
            "-v.charity_fen"
        ),
        new("family_fen", "p.family_fen", "-r.family_fen", "0::bigint", "0::bigint"),
    ];

    /// <summary>Columns a total may group by that a listed line does not show: the category the purchase was
    /// booked with (fiscal budget lines, ADR 0039).</summary>
    private static readonly Column[] GroupOnly =
    [
        new("category", "p.category", "x.category", "x.category", "x.category"),
    ];

    /// <summary>The summed columns, in this order, of <see cref="Totals"/>.</summary>
    private static readonly string[] Sums =
    [
        "quantity",
        "amount_fen",
        "fiscal_fen",
        "collective_fen",
        "charity_fen",
        "family_fen",
    ];

    private static string Filter(StatementScope scope) =>
        scope switch
        {
            StatementScope.Provider => "provider_id",
            StatementScope.Elder => "elder_id",
            StatementScope.County => "provider_county",
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };

    private enum Source
    {
        Purchase,
        Reversal,
        Correction,
        Recovery,
    }

    private static string Expression(Column column, Source source) =>
        source switch
        {
            Source.Purchase => column.Purchase,
            Source.Reversal => column.Reversal,
            Source.Correction => column.Correction,
            _ => column.Recovery,
        };

    private static Column Named(string name) => Columns.Concat(GroupOnly).Single(c => c.Name == name);

    private static string From(Source source, StatementScope scope, bool joinPurchase)
    {
        var f = Filter(scope);
        return source switch
        {
            Source.Purchase => $"""
                FROM purchases p
                 WHERE p.status IN ('approved', 'voided') AND p.{f} = @Subject AND p.booked_at >= @From AND p.booked_at
                     < @To
                """,
            Source.Reversal => $"""
                FROM reversals r{(joinPurchase ? " JOIN purchases x ON x.purchase_id = r.purchase_id" : "")}
                 WHERE r.{f} = @Subject AND r.booked_at >= @From AND r.booked_at < @To
                """,
            Source.Correction => $"""
                FROM statement_corrections c{(joinPurchase ? " JOIN purchases x ON x.purchase_id = c.purchase_id" : "")}
                 WHERE c.{f} = @Subject AND c.booked_at >= @From AND c.booked_at < @To
                """,
            // A recovery's line (DOMAIN.md §8) takes the subsidy back off the provider, in the period it was approved.
            _ => $"""
                FROM recovery_lines v{(joinPurchase ? " JOIN purchases x ON x.purchase_id = v.purchase_id" : "")}
                 WHERE v.{f} = @Subject AND v.booked_at >= @From AND v.booked_at < @To
                """,
        };
    }

    /// <summary>
    /// Every line of the scope's period with all of <see cref="StatementLine"/>'s columns
    /// (snake_case), unordered: a subquery for the page and the export. With
    /// <paramref name="firstLinesOnly"/> each source gives only its first <c>@Window</c> lines in
    /// statement order (<c>booked_at, line_id</c>), walking its index by booking time, which is all a
    /// page at <c>@Window = offset + limit</c> can need; a month's page 1 then reads 50 rows of
    /// the heap, not the month's thousands.
    /// </summary>
    public static string Lines(StatementScope scope, bool firstLinesOnly = false)
    {
        var sql = new StringBuilder();
        foreach (var source in Enum.GetValues<Source>())
        {
            if (sql.Length > 0)
            {
                sql.AppendLine().AppendLine("UNION ALL");
            }

            sql.Append(firstLinesOnly ? "(SELECT " : "SELECT ")
                .AppendJoin(", ", Columns.Select(c => $"{Expression(c, source)} AS {c.Name}"))
                .AppendLine();
            sql.Append(From(source, scope, joinPurchase: true));
            if (firstLinesOnly)
            {
                sql.AppendLine()
                    .Append(
                        $" ORDER BY {Expression(Named("booked_at"), source)}, {Expression(Named("line_id"), source)} "
                            + $"LIMIT @Window)"
                    );
            }
        }

        return sql.ToString();
    }

    /// <summary>
    /// The same lines summed per <paramref name="keys"/> (columns of <see cref="Lines"/>, e.g. <c>item</c>):
    /// the keys, <c>lines</c> (a count) and the sums of quantity and every amount, as bigint. Each
    /// source is aggregated on its own first (a hash aggregate over an index-only scan, or a
    /// parallel one over a county's month) and the few groups merged after, rather than grouping the
    /// union of every line.
    /// </summary>
    public static string Totals(StatementScope scope, params string[] keys)
    {
        var keyColumns = keys.Select(Named).ToArray();
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", keys).Append(", sum(lines)::int AS lines");
        foreach (var sum in Sums)
        {
            sql.Append($", coalesce(sum({sum}), 0)::bigint AS {sum}");
        }

        sql.AppendLine().AppendLine("  FROM (");
        var first = true;
        foreach (var source in Enum.GetValues<Source>())
        {
            if (!first)
            {
                sql.AppendLine().AppendLine("UNION ALL");
            }

            first = false;
            sql.Append("SELECT ")
                .AppendJoin(", ", keyColumns.Select(k => $"{Expression(k, source)} AS {k.Name}"))
                .Append(", count(*) AS lines");
            foreach (var sum in Sums)
            {
                sql.Append($", sum({Expression(Named(sum), source)}) AS {sum}");
            }

            // A reversal carries what a statement groups by; a correction finds its item through its purchase.
            var joinPurchase = keyColumns.Any(k => Expression(k, source).StartsWith("x.", StringComparison.Ordinal));
            sql.AppendLine().Append(From(source, scope, joinPurchase));
            sql.AppendLine().Append(" GROUP BY ").AppendJoin(", ", keyColumns.Select(k => Expression(k, source)));
        }

        sql.AppendLine().Append(") per_source GROUP BY ").AppendJoin(", ", keys);
        return sql.ToString();
    }
}
