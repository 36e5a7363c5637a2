using Dapper;
using LoveCard.Settlement.BackOffice.BudgetLines;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// A county summary's fiscal share per budget line (ADR 0039): the statement's own lines (purchases, voids,
/// refunds, corrections, recoveries of <see cref="StatementSql"/>) summed per paying county and the category the
/// purchase was booked with, then put on the paying county's lines as they stand when the statement is read.
/// </summary>
public static class StatementFiscalLines
{
    private static readonly string Sql = StatementSql.Totals(StatementScope.County, "home_county", "category");

    public static async Task<IReadOnlyList<FiscalLineTotal>> ForCountyAsync(
        NpgsqlDataSource dataSource,
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
        var rows = (
            await connection.QueryAsync<Row>(
                new CommandDefinition(
                    Sql,
                    new
                    {
                        Subject = county,
                        From = period.From.UtcDateTime,
                        To = period.To.UtcDateTime,
                    },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).AsList();
        var counties = rows.Select(r => r.HomeCounty ?? county).Distinct().ToArray();
        var lines = await BudgetLineStore.ForCountiesAsync(connection, transaction, counties, ct);
        await transaction.CommitAsync(ct);
        return FiscalLineSplit.Split(rows.Select(r => (r.HomeCounty ?? county, r.Category, r.FiscalFen)), lines);
    }

    private sealed class Row
    {
        public string? HomeCounty { get; init; }

        public int? Category { get; init; }

        public long FiscalFen { get; init; }
    }
}
