using System.Text;
using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Uploads;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Imports;

/// <summary>Roster imports: the stored upload, progress counters and the report of bad rows.</summary>
public sealed class ImportStore(NpgsqlDataSource dataSource, TimeProvider time, ImportOptions options)
{
    private const int PieceSize = 1 << 20;

    /// <summary>
    /// Stores the upload in 1 MiB pieces and queues the import, in one transaction: either the whole
    /// file is kept and the job queued, or nothing is. Detects XLSX (a zip) and the CSV encoding.
    /// </summary>
    public async Task<Guid> CreateAsync(
        string county,
        string? fileName,
        string createdBy,
        Stream body,
        CancellationToken ct
    )
    {
        RosterReader.EnsureEncodings();
        var importId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var utf8 = TextEncodings.StrictUtf8Decoder();
        var isUtf8 = true;
        string? format = null;
        long bytes = 0;
        long lines = 0;
        var lastByte = (byte)'\n';
        var seq = 0;
        var buffer = new byte[PieceSize];
        while (true)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var n = await body.ReadAsync(buffer.AsMemory(filled), ct);
                if (n == 0)
                {
                    break;
                }

                filled += n;
            }

            if (filled == 0)
            {
                break;
            }

            format ??= UploadFormats.Sniff(buffer.AsSpan(0, filled));
            if (format == RosterReader.Csv && isUtf8)
            {
                try
                {
                    utf8.GetCharCount(buffer, 0, filled, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    isUtf8 = false; // what a Chinese Excel writes: GB18030
                }
            }

            if (format == RosterReader.Csv)
            {
                lines += buffer.AsSpan(0, filled).Count((byte)'\n');
                lastByte = buffer[filled - 1];
            }

            await using var insert = new NpgsqlCommand(
                "INSERT INTO import_blobs (import_id, seq, data) VALUES ($1, $2, $3)",
                connection,
                transaction
            );
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = importId });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = seq++ });
            insert.Parameters.Add(
                new NpgsqlParameter
                {
                    Value = filled == buffer.Length ? buffer : buffer[..filled],
                    NpgsqlDbType = NpgsqlDbType.Bytea,
                }
            );
            await insert.ExecuteNonQueryAsync(ct);
            bytes += filled;
            if (bytes > options.MaxUploadBytes)
            {
                // Where the server's own body limit cannot be set (a read-only feature), here instead.
                throw new DomainException(
                    413,
                    "body_too_large",
                    $"A roster upload is at most {options.MaxUploadBytes} bytes."
                );
            }

            if (filled < buffer.Length)
            {
                break;
            }
        }

        if (bytes == 0)
        {
            throw new BadInputException("file", "empty_file", "The roster file is empty.");
        }

        const string sql = """
            INSERT INTO imports (import_id, county, file_name, format, encoding, status, bytes, created_by, created_at,
                                 rows_total)
            VALUES (@importId, @county, @fileName, @format, @encoding, 'queued', @bytes, @createdBy, @now, @rowsTotal)
            """;
        // Lines less the header; a last line without its newline counts too. A quoted field holding a
        // newline makes this a little high: the percent is capped below 100 until the import finishes.
        long? rowsTotal = format == RosterReader.Csv ? Math.Max(0, lines + (lastByte == (byte)'\n' ? 0 : 1) - 1) : null;
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    importId,
                    county,
                    fileName,
                    format,
                    encoding = format == RosterReader.Xlsx ? null
                    : isUtf8 ? RosterReader.Utf8
                    : RosterReader.Gb18030,
                    bytes,
                    createdBy,
                    now = time.GetUtcNow(),
                    rowsTotal,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await transaction.CommitAsync(ct);
        return importId;
    }

    public async Task<ImportRecord?> GetAsync(Guid importId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ImportRecord>(
            new CommandDefinition(
                """
                SELECT import_id, county, file_name, format, encoding, status, bytes, rows_read, rows_accepted,
                    rows_rejected,
                    rows_created, rows_updated, rows_unchanged, created_by, created_at, started_at, finished_at, error,
                    rows_total
                FROM imports WHERE import_id = @importId
                """,
                new { importId },
                cancellationToken: ct
            )
        );
    }

    public async Task<(IReadOnlyList<ImportError> Items, long Total)> ErrorsAsync(
        Guid importId,
        int page,
        int pageSize,
        CancellationToken ct
    )
    {
        var (total, items) = await dataSource.QueryPageAsync<ImportError>(
            new CommandDefinition(
                """
                SELECT count(*) FROM import_errors WHERE import_id = @importId;
                SELECT row_number, field, code, message FROM import_errors WHERE import_id = @importId
                ORDER BY row_number, field LIMIT @pageSize OFFSET @offset
                """,
                new
                {
                    importId,
                    pageSize,
                    offset = (long)(page - 1) * pageSize,
                },
                cancellationToken: ct
            )
        );
        return (items, total);
    }

    /// <summary>Every error, in row order, streamed for the CSV report.</summary>
    public async IAsyncEnumerable<ImportError> AllErrorsAsync(
        Guid importId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT row_number, field, code, message FROM import_errors WHERE import_id = $1 ORDER BY row_number, "
                + "field",
            connection
        );
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = importId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new ImportError(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3)
            );
        }
    }
}
