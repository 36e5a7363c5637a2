using Dapper;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Statements;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Settlement.BackOffice.Reconciliation;

/// <summary>
/// Reconciliation (对账, DOMAIN.md §5): a provider's own list for a month against its purchases in
/// LoveCard booked in that month (Asia/Shanghai). LoveCard's amount of a purchase is read from the
/// ledger: what its postings (purchase, void, refund) put on the provider's payable (the subsidy) and
/// counter (the family's share, ADR 0040), i.e. its price less refunds booked so far; a voided purchase
/// counts 0 and is only listed when the provider lists it. The whole result is written in one transaction.
/// </summary>
public sealed class ReconciliationStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private sealed class LovecardRow
    {
        public Guid PurchaseId { get; init; }

        public string? Key { get; init; }

        public string Item { get; init; } = "";

        public string Status { get; init; } = "";

        public long SubsidyFen { get; init; }

        public long FamilyFen { get; init; }

        public long AmountFen => SubsidyFen + FamilyFen;
    }

    public async Task<ReconciliationSummary> ReconcileAsync(
        Guid providerId,
        string county,
        StatementPeriod period,
        ProviderList list,
        string createdBy,
        CancellationToken ct
    )
    {
        var keyColumn = list.KeyColumn == "receiptNo" ? "p.receipt_no" : "p.idempotency_key";
        // One pass over the provider's two accounts from the month's start (a reversal is booked after its purchase).
        var sql = $"""
            WITH books AS (
                SELECT x.purchase_id,
                       sum(x.amount_fen) FILTER (WHERE x.account_id = @Payable) AS subsidy_fen,
                       sum(x.amount_fen) FILTER (WHERE x.account_id = @Counter) AS family_fen
                  FROM postings x
                 WHERE x.account_id IN (@Payable, @Counter) AND x.booked_at >= @From
                   AND x.kind IN ('purchase', 'void', 'refund') AND x.purchase_id IS NOT NULL
                 GROUP BY x.purchase_id
            )
            SELECT p.purchase_id, {keyColumn} AS key, p.item, p.status,
                   coalesce(b.subsidy_fen, 0)::bigint AS subsidy_fen, coalesce(b.family_fen, 0)::bigint AS family_fen
              FROM purchases p LEFT JOIN books b ON b.purchase_id = p.purchase_id
             WHERE p.provider_id = @ProviderId AND p.status IN ('approved', 'voided') AND p.booked_at >= @From AND
                 p.booked_at < @To
            """;
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ours = (
            await connection.QueryAsync<LovecardRow>(
                new CommandDefinition(
                    sql,
                    new
                    {
                        ProviderId = providerId,
                        Payable = Accounts.Payable(providerId),
                        Counter = Accounts.Counter(providerId),
                        From = period.From.UtcDateTime,
                        To = period.To.UtcDateTime,
                    },
                    cancellationToken: ct
                )
            )
        ).Where(r => r.Key is not null).ToDictionary(r => r.Key!, StringComparer.Ordinal);

        var lines = new List<ReconciliationLine>();
        var listed = new List<LovecardRow>();
        foreach (var row in list.Rows)
        {
            var at = LoveCard
                .Hosting.Shanghai.ToLocal(row.Time)
                .ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            if (!ours.Remove(row.Key, out var mine))
            {
                lines.Add(
                    new ReconciliationLine
                    {
                        Outcome = "missing_in_lovecard",
                        Key = row.Key,
                        Item = row.Item,
                        ProviderRow = row.Row,
                        ProviderTime = at,
                        ProviderAmountFen = row.AmountFen,
                        DifferenceFen = row.AmountFen,
                    }
                );
                continue;
            }

            listed.Add(mine);
            lines.Add(
                new ReconciliationLine
                {
                    Outcome = mine.AmountFen == row.AmountFen ? "matched" : "amount_differs",
                    Key = row.Key,
                    Item = mine.Item,
                    ProviderRow = row.Row,
                    ProviderTime = at,
                    ProviderAmountFen = row.AmountFen,
                    LovecardAmountFen = mine.AmountFen,
                    DifferenceFen = row.AmountFen - mine.AmountFen,
                    PurchaseId = mine.PurchaseId,
                }
            );
        }

        foreach (var mine in ours.Values.Where(r => r.Status != "voided").OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            listed.Add(mine);
            lines.Add(
                new ReconciliationLine
                {
                    Outcome = "missing_in_provider",
                    Key = mine.Key!,
                    Item = mine.Item,
                    LovecardAmountFen = mine.AmountFen,
                    DifferenceFen = -mine.AmountFen,
                    PurchaseId = mine.PurchaseId,
                }
            );
        }

        var id = Guid.CreateVersion7(now);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        const string header = """
            INSERT INTO reconciliations (reconciliation_id, provider_id, county, period, key_column, matched_count,
                missing_in_lovecard,
                missing_in_provider, amount_differences, provider_total_fen, lovecard_total_fen, lovecard_subsidy_fen,
                lovecard_family_fen, created_by, created_at)
            VALUES (@Id, @ProviderId, @County, @Period, @KeyColumn, @Matched, @MissingInLovecard, @MissingInProvider,
                @AmountDifferences,
                @ProviderTotalFen, @LovecardTotalFen, @LovecardSubsidyFen, @LovecardFamilyFen, @CreatedBy, @Now)
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                header,
                new
                {
                    Id = id,
                    ProviderId = providerId,
                    County = county,
                    Period = period.Label,
                    list.KeyColumn,
                    Matched = lines.Count(l => l.Outcome == "matched"),
                    MissingInLovecard = lines.Count(l => l.Outcome == "missing_in_lovecard"),
                    MissingInProvider = lines.Count(l => l.Outcome == "missing_in_provider"),
                    AmountDifferences = lines.Count(l => l.Outcome == "amount_differs"),
                    ProviderTotalFen = lines.Sum(l => l.ProviderAmountFen ?? 0),
                    LovecardTotalFen = lines.Sum(l => l.LovecardAmountFen ?? 0),
                    LovecardSubsidyFen = listed.Sum(r => r.SubsidyFen),
                    LovecardFamilyFen = listed.Sum(r => r.FamilyFen),
                    CreatedBy = createdBy,
                    Now = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );

        await using (
            var importer = await connection.BeginBinaryImportAsync(
                """
                COPY reconciliation_lines (reconciliation_id, line_no, outcome, key, item, provider_row, provider_time,
                    provider_amount_fen,
                    lovecard_amount_fen, difference_fen, purchase_id) FROM STDIN (FORMAT BINARY)
                """,
                ct
            )
        )
        {
            var lineNo = 0;
            foreach (var line in lines)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                await importer.WriteAsync(++lineNo, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(line.Outcome, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(line.Key, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(importer, line.Item, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(importer, line.ProviderRow, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(importer, line.ProviderTime, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(importer, line.ProviderAmountFen, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(importer, line.LovecardAmountFen, NpgsqlDbType.Bigint, ct);
                await importer.WriteAsync(line.DifferenceFen, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(importer, line.PurchaseId, NpgsqlDbType.Uuid, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return (await GetSummaryAsync(connection, id, ct))!;
    }

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer,
        string? value,
        NpgsqlDbType type,
        CancellationToken ct
    ) => value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer,
        int? value,
        NpgsqlDbType type,
        CancellationToken ct
    ) => value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value.Value, type, ct);

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer,
        long? value,
        NpgsqlDbType type,
        CancellationToken ct
    ) => value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value.Value, type, ct);

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer,
        Guid? value,
        NpgsqlDbType type,
        CancellationToken ct
    ) => value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value.Value, type, ct);

    private static async Task<ReconciliationSummary?> GetSummaryAsync(
        NpgsqlConnection connection,
        Guid id,
        CancellationToken ct
    ) =>
        await connection.QuerySingleOrDefaultAsync<ReconciliationSummary>(
            new CommandDefinition(
                "SELECT * FROM reconciliations WHERE reconciliation_id = @id",
                new { id },
                cancellationToken: ct
            )
        );

    public async Task<ReconciliationSummary?> GetSummaryAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await GetSummaryAsync(connection, id, ct);
    }

    /// <summary>Lines in order, optionally of one outcome; <paramref name="paging"/> null gives all of them (the
    /// CSV).</summary>
    public async Task<(long Total, IReadOnlyList<ReconciliationLine> Lines)> LinesAsync(
        Guid id,
        string? outcome,
        PageRequest? paging,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT count(*) FROM reconciliation_lines WHERE reconciliation_id = @Id AND (@Outcome::text IS NULL OR
                outcome = @Outcome);
            SELECT line_no, outcome, key, item, provider_row, provider_time, provider_amount_fen, lovecard_amount_fen,
                difference_fen, purchase_id
              FROM reconciliation_lines WHERE reconciliation_id = @Id AND (@Outcome::text IS NULL OR outcome = @Outcome)
             ORDER BY line_no OFFSET @Offset LIMIT @Limit;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var multi = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    Id = id,
                    Outcome = outcome,
                    Offset = paging?.Offset ?? 0,
                    Limit = paging?.PageSize ?? int.MaxValue,
                },
                cancellationToken: ct
            )
        );
        var total = await multi.ReadSingleAsync<long>();
        return (total, (await multi.ReadAsync<ReconciliationLine>()).AsList());
    }

    public static void RequireOutcome(string? outcome)
    {
        if (outcome is not (null or "matched" or "missing_in_lovecard" or "missing_in_provider" or "amount_differs"))
        {
            throw new BadInputException(
                "outcome",
                "invalid_outcome",
                "outcome is matched, missing_in_lovecard, missing_in_provider or amount_differs."
            );
        }
    }

    /// <summary>The elders' masked names (as booked on their purchases), for the export.</summary>
    public static async Task<Dictionary<Guid, string>> MaskedNamesAsync(
        NpgsqlDataSource dataSource,
        IEnumerable<Guid?> purchaseIds,
        CancellationToken ct
    )
    {
        var ids = purchaseIds.OfType<Guid>().Distinct().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid PurchaseId, string MaskedName)>(
            new CommandDefinition(
                "SELECT purchase_id, masked_name FROM purchases WHERE purchase_id = ANY(@ids)",
                new { ids },
                cancellationToken: ct
            )
        );
        return rows.ToDictionary(r => r.PurchaseId, r => r.MaskedName);
    }
}
