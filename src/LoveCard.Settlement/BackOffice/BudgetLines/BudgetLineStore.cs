using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>The counties' fiscal budget lines (ADR 0039): read per county, replaced whole.</summary>
public sealed class BudgetLineStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<BudgetLinesView> GetAsync(string county, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var lines = (await ForCountiesAsync(connection, null, [county], ct)).GetValueOrDefault(county, []);
        return View(county, lines);
    }

    /// <summary>Replaces the county's lines in one transaction; the county's row lock-free readers see the old or
    /// the new set, never a mix. The replacement raises the county's version and goes to the audit trail as
    /// <see cref="BudgetLinesChanged"/> through the outbox, in the same transaction (ADR 0043).</summary>
    public async Task<BudgetLinesView> ReplaceAsync(
        string county,
        IReadOnlyList<BudgetLine> lines,
        string updatedBy,
        string? reason,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        const string sql = """
            DELETE FROM fiscal_budget_lines WHERE county = @County;
            INSERT INTO fiscal_budget_lines (county, line_code, name, categories, position, updated_by, updated_at)
            SELECT @County, l.code, l.name, string_to_array(l.categories, ',')::integer[], l.position, @UpdatedBy, @Now
              FROM unnest(@Codes, @Names, @Categories, @Positions) AS l (code, name, categories, position);
            """;
        const string next = """
            INSERT INTO fiscal_budget_line_versions (county, version, updated_by, updated_at)
            VALUES (@county, 1, @updatedBy, @now)
            ON CONFLICT (county) DO UPDATE SET version = fiscal_budget_line_versions.version + 1,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
            RETURNING version
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await VersionedSetting.LockAsync(connection, transaction, "budget-lines:" + county, ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    County = county,
                    Codes = lines.Select(l => l.Code).ToArray(),
                    Names = lines.Select(l => l.Name).ToArray(),
                    Categories = lines.Select(l => string.Join(',', l.Categories)).ToArray(),
                    Positions = lines.Select((_, i) => i).ToArray(),
                    UpdatedBy = updatedBy,
                    Now = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        var version = await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(
                next,
                new
                {
                    county,
                    updatedBy,
                    now = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        var changed = new BudgetLinesChanged
        {
            AggregateId = $"budget-lines:{county}",
            AggregateVersion = version,
            Actor = new Actor(ActorKinds.User, updatedBy),
            Reason = string.IsNullOrWhiteSpace(reason) ? "budget lines replaced" : reason.Trim(),
            OccurredAt = now,
            County = county,
            Lines = lines.Select(l => new FiscalBudgetLine(l.Code, l.Name, l.Categories)).ToArray(),
        };
        await Outbox.AddAsync(connection, transaction, changed, ct);
        await transaction.CommitAsync(ct);
        return View(county, lines);
    }

    /// <summary>The lines of <paramref name="counties"/>, each county's in its order.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<BudgetLine>>> ForCountiesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string[] counties,
        CancellationToken ct
    )
    {
        var rows = await connection.QueryAsync<LineRow>(
            new CommandDefinition(
                """
                SELECT county, line_code, name, categories FROM fiscal_budget_lines
                 WHERE county = ANY (@counties) ORDER BY county, position
                """,
                new { counties },
                transaction,
                cancellationToken: ct
            )
        );
        return rows.GroupBy(r => r.County)
            .ToDictionary(
                g => g.Key,
                g =>
                    (IReadOnlyList<BudgetLine>)g.Select(r => new BudgetLine(r.LineCode, r.Name, r.Categories)).ToArray()
            );
    }

    private static BudgetLinesView View(string county, IReadOnlyList<BudgetLine> lines) =>
        new(county, lines, Enumerable.Range(1, 3).Where(c => !lines.Any(l => l.Categories.Contains(c))).ToArray());

    private sealed class LineRow
    {
        public string County { get; init; } = "";

        public string LineCode { get; init; } = "";

        public string Name { get; init; } = "";

        public int[] Categories { get; init; } = [];
    }
}
