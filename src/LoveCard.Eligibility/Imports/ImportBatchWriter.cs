using Dapper;
using LoveCard.Contracts;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Imports;

/// <summary>The import's write side: each batch the reader made committed with its report and checkpoint.</summary>
internal sealed class ImportBatchWriter(
    NpgsqlDataSource dataSource,
    ElderWriter writer,
    ImportOptions options,
    TimeProvider time
)
{
    /// <summary>The row ranges already committed (sorted); an import begun before batches were recorded resumes after
    /// its <c>rows_read</c>.</summary>
    public async Task<List<(long First, long Count)>> CommittedRangesAsync(ImportRecord import, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ranges = (
            await connection.QueryAsync<(long, int)>(
                new CommandDefinition(
                    "SELECT first_row, row_count FROM import_batches WHERE import_id = @ImportId ORDER BY first_row",
                    import,
                    cancellationToken: ct
                )
            )
        )
            .Select(r => (r.Item1, (long)r.Item2))
            .ToList();
        if (ranges.Count == 0 && import.RowsRead > 0)
        {
            ranges.Add((1, import.RowsRead));
        }

        return ranges;
    }

    /// <summary>
    /// One batch in one transaction: its elders (through <see cref="ElderWriter"/>), its bad rows, its row range as
    /// the checkpoint and the import's counters, so a restart skips exactly the committed batches.
    /// </summary>
    public async Task CommitAsync(
        ImportRecord import,
        ImportBatch batch,
        Actor actor,
        string reason,
        ImportPhases phases,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var chunk = batch.Accepted;
        var rejected = batch.Rejected;
        var rowsRead = batch.Count;
        var result = await writer.WriteAsync(
            connection,
            transaction,
            chunk.Select(c => c.Input).ToArray(),
            actor,
            reason,
            Shanghai.Today(time),
            time.GetUtcNow(),
            allowCountyMove: false,
            ct,
            batch.Keyed,
            phases,
            pack: true
        );
        var started = ImportPhases.Start();
        foreach (var (i, error) in result.Rejected)
        {
            rejected.Add((chunk[i].RowNumber, [error]));
        }

        if (rejected.Count > 0)
        {
            await using var w = await connection.BeginBinaryImportAsync(
                "COPY import_errors (import_id, row_number, field, code, message) FROM STDIN (FORMAT BINARY)",
                ct
            );
            foreach (var (rowNumber, rowErrors) in rejected)
            {
                foreach (var e in rowErrors)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(import.ImportId, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(rowNumber, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(e.Field, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(e.Code, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(e.Message, NpgsqlDbType.Text, ct);
                }
            }

            await w.CompleteAsync(ct);
        }

        // The batch's row range is the checkpoint: committed with the rows, so a restart skips exactly the committed
        // ranges.
        const string sql = """
            INSERT INTO import_batches (import_id, first_row, row_count) VALUES (@ImportId, @FirstRow, @rowsRead);
            UPDATE imports SET rows_read = rows_read + @rowsRead, rows_accepted = rows_accepted + @accepted,
                rows_rejected = rows_rejected + @rowsRejected, rows_created = rows_created + @Created,
                rows_updated = rows_updated + @Updated, rows_unchanged = rows_unchanged + @Unchanged
            WHERE import_id = @ImportId
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    rowsRead,
                    accepted = chunk.Count - result.Rejected.Count,
                    rowsRejected = rejected.Count,
                    result.Created,
                    result.Updated,
                    result.Unchanged,
                    import.ImportId,
                    batch.FirstRow,
                },
                transaction,
                cancellationToken: ct
            )
        );
        started = phases.Add(ImportPhase.Report, started);
        await transaction.CommitAsync(ct);
        phases.Add(ImportPhase.Commit, started);
        if (options.ChunkDelayMs > 0)
        {
            await Task.Delay(options.ChunkDelayMs, ct);
        }
    }
}
