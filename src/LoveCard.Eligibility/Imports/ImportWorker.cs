using Dapper;
using LoveCard.Contracts;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Imports;

/// <summary>Wakes the background workers when there is new work, so tests and users need not wait for a poll.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Set()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/> (real time: a test's fake clock must not stall the worker).</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

public sealed class ImportOptions
{
    /// <summary>Rows per committed chunk: a restart resumes after the last committed one.</summary>
    public int ChunkSize { get; set; } = 5000;

    /// <summary>A pause after each chunk; 0 in production, used by tests to stop a service mid-import.</summary>
    public int ChunkDelayMs { get; set; }
}

/// <summary>
/// Runs queued roster imports in the background, one at a time per import (session advisory lock),
/// in chunks each committed with its progress counters and bad-row report, so a restarted service
/// resumes after the last committed chunk with no lost or doubled rows.
/// </summary>
public sealed class ImportWorker(
    NpgsqlDataSource dataSource,
    ElderWriter writer,
    ImportOptions options,
    WorkSignal signal,
    StartupGate gate,
    TimeProvider time,
    ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await TryRunOneAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Import round failed: {Error}", e.Message);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> TryRunOneAsync(CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        var candidates = await lockConnection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT import_id FROM imports WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 20", cancellationToken: ct));
        foreach (var importId in candidates)
        {
            var key = $"lovecard.import.{importId}";
            if (!await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(hashtext(@key))", new { key }, cancellationToken: ct)))
            {
                continue;
            }

            try
            {
                await RunAsync(importId, ct);
                return true;
            }
            finally
            {
                await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtext(@key))", new { key }, cancellationToken: CancellationToken.None));
            }
        }

        return false;
    }

    private async Task RunAsync(Guid importId, CancellationToken ct)
    {
        ImportRecord import;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            import = await connection.QuerySingleAsync<ImportRecord>(new CommandDefinition("""
                UPDATE imports SET status = 'running', started_at = COALESCE(started_at, @now) WHERE import_id = @importId
                RETURNING import_id, county, file_name, format, encoding, status, bytes, rows_read, rows_accepted, rows_rejected,
                    rows_created, rows_updated, rows_unchanged, created_by, created_at, started_at, finished_at, error
                """, new { importId, now = time.GetUtcNow() }, cancellationToken: ct));
            if (import.Status is not "running")
            {
                return;
            }
        }

        logger.LogInformation("Import {ImportId} for county {County} runs from row {Committed}", importId, import.County, import.RowsRead);
        try
        {
            await ProcessAsync(import, ct);
            await FinishAsync(importId, "succeeded", null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the import stays 'running' and resumes after the last committed chunk.
        }
        catch (DomainException e)
        {
            await FinishAsync(importId, "failed", $"{e.Code}: {e.Message}");
        }
        catch (Exception e)
        {
            // The message names no personal data (the rows are validated before any SQL sees them).
            logger.LogError("Import {ImportId} failed: {Error}", importId, e.GetType().Name + ": " + e.Message);
            await FinishAsync(importId, "failed", "internal_error: the import stopped; start it again (rows already committed are kept).");
        }
    }

    private async Task ProcessAsync(ImportRecord import, CancellationToken ct)
    {
        var actor = new Actor(ActorKinds.User, import.CreatedBy);
        var reason = $"roster import {import.ImportId}";
        var seen = new HashSet<long>();
        var committed = import.RowsRead;
        long index = 0;
        var chunk = new List<(long RowNumber, ElderInput Input)>(options.ChunkSize);
        var rejected = new List<(long RowNumber, List<RowError> Errors)>();
        var today = Shanghai.Today(time);

        // Sync enumeration on a worker thread: the parsers stream from the stored upload.
        await using var blob = new ImportBlobStream(dataSource, import.ImportId);
        foreach (var (rowNumber, raw) in RosterReader.Read(blob, import.Format, import.Encoding ?? RosterReader.Utf8))
        {
            ct.ThrowIfCancellationRequested();
            index++;
            var errors = new List<RowError>();
            var input = ElderInput.Parse(raw, import.County, today, errors);
            if (input is not null && input.HomeCounty != import.County)
            {
                errors.Add(new RowError(RosterColumns.HomeCounty, "wrong_county", $"This import is for county {import.County}; a bureau imports its own county only."));
                input = null;
            }
            else if (input is not null && !seen.Add(input.Id.Key))
            {
                errors.Add(new RowError(RosterColumns.IdNumber, "duplicate_in_file", "The same ID number appears on an earlier row of this file."));
                input = null;
            }

            // Rows of committed chunks are read again only to rebuild the duplicate check.
            if (index <= committed)
            {
                continue;
            }

            if (input is null)
            {
                rejected.Add((rowNumber, errors));
            }
            else
            {
                chunk.Add((rowNumber, input));
            }

            if (chunk.Count + rejected.Count >= options.ChunkSize)
            {
                await CommitChunkAsync(import, chunk, rejected, actor, reason, ct);
                today = Shanghai.Today(time);
            }
        }

        if (chunk.Count + rejected.Count > 0)
        {
            await CommitChunkAsync(import, chunk, rejected, actor, reason, ct);
        }
    }

    private async Task CommitChunkAsync(ImportRecord import, List<(long RowNumber, ElderInput Input)> chunk, List<(long RowNumber, List<RowError> Errors)> rejected, Actor actor, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await writer.WriteAsync(connection, transaction, chunk.Select(c => c.Input).ToArray(), actor, reason,
            Shanghai.Today(time), time.GetUtcNow(), allowCountyMove: false, ct);
        foreach (var (i, error) in result.Rejected)
        {
            rejected.Add((chunk[i].RowNumber, [error]));
        }

        if (rejected.Count > 0)
        {
            await using var w = await connection.BeginBinaryImportAsync("COPY import_errors (import_id, row_number, field, code, message) FROM STDIN (FORMAT BINARY)", ct);
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

        var rowsRejected = rejected.Count;
        var rowsRead = chunk.Count + rowsRejected - result.Rejected.Count;
        const string sql = """
            UPDATE imports SET rows_read = rows_read + @rowsRead, rows_accepted = rows_accepted + @accepted,
                rows_rejected = rows_rejected + @rowsRejected, rows_created = rows_created + @Created,
                rows_updated = rows_updated + @Updated, rows_unchanged = rows_unchanged + @Unchanged
            WHERE import_id = @ImportId
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            rowsRead,
            accepted = chunk.Count - result.Rejected.Count,
            rowsRejected,
            result.Created,
            result.Updated,
            result.Unchanged,
            import.ImportId,
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        chunk.Clear();
        rejected.Clear();
        if (options.ChunkDelayMs > 0)
        {
            await Task.Delay(options.ChunkDelayMs, ct);
        }
    }

    private async Task FinishAsync(Guid importId, string status, string? error)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("UPDATE imports SET status = @status, finished_at = @now, error = @error WHERE import_id = @importId",
            new { importId, status, error, now = time.GetUtcNow() }, transaction);
        await connection.ExecuteAsync("DELETE FROM import_blobs WHERE import_id = @importId", new { importId }, transaction);
        await transaction.CommitAsync();
    }
}
