using System.Threading.Channels;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Eligibility.Counties;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Imports;

/// <summary>
/// Runs queued roster imports in the background, one at a time per import (session advisory lock),
/// in chunks each committed with its progress counters and bad-row report, so a restarted service
/// resumes after the last committed chunk with no lost or doubled rows.
/// </summary>
public sealed class ImportWorker(
    NpgsqlDataSource dataSource,
    ElderWriter writer,
    CountyStore counties,
    PersonalDataProtector protector,
    ImportOptions options,
    WorkSignal signal,
    BulkWork bulkWork,
    StartupGate gate,
    TimeProvider time,
    ILogger<ImportWorker> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await TryRunOneAsync(stoppingToken)) { }
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
        var candidates = await lockConnection.QueryAsync<Guid>(
            new CommandDefinition(
                "SELECT import_id FROM imports WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 20",
                cancellationToken: ct
            )
        );
        foreach (var importId in candidates)
        {
            var key = $"lovecard.import.{importId}";
            if (
                !await lockConnection.ExecuteScalarAsync<bool>(
                    new CommandDefinition(
                        "SELECT pg_try_advisory_lock(hashtext(@key))",
                        new { key },
                        cancellationToken: ct
                    )
                )
            )
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
                await lockConnection.ExecuteAsync(
                    new CommandDefinition(
                        "SELECT pg_advisory_unlock(hashtext(@key))",
                        new { key },
                        cancellationToken: CancellationToken.None
                    )
                );
            }
        }

        return false;
    }

    private async Task RunAsync(Guid importId, CancellationToken ct)
    {
        ImportRecord import;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            import = await connection.QuerySingleAsync<ImportRecord>(
                new CommandDefinition(
                    """
                    UPDATE imports SET status = 'running', started_at = COALESCE(started_at, @now) WHERE import_id =
                        @importId
                    RETURNING import_id, county, file_name, format, encoding, status, bytes, rows_read, rows_accepted,
                        rows_rejected,
                        rows_created, rows_updated, rows_unchanged, created_by, created_at, started_at, finished_at,
                            error,
                        rows_total
                    """,
                    new { importId, now = time.GetUtcNow() },
                    cancellationToken: ct
                )
            );
            if (import.Status is not "running")
            {
                return;
            }
        }

        logger.LogInformation(
            "Import {ImportId} for county {County} runs from row {Committed}",
            importId,
            import.County,
            import.RowsRead
        );
        // This process's outbox relay publishes the import's events after it, not during it (ADR 0008).
        using var bulk = bulkWork.Begin();
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
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            // The database is slow or away: not the roster's fault. The import stays 'running' and the
            // next round resumes it after its last committed chunk (ADR 0014).
            logger.LogWarning(
                "Import {ImportId} paused by a transient failure; it resumes by itself: {Error}",
                importId,
                e.Message
            );
            throw;
        }
        catch (Exception e)
        {
            // The message names no personal data (the rows are validated before any SQL sees them).
            logger.LogError("Import {ImportId} failed: {Error}", importId, e.GetType().Name + ": " + e.Message);
            await FinishAsync(
                importId,
                "failed",
                "internal_error: the import stopped; start it again (rows already committed are kept)."
            );
        }
    }

    /// <summary>
    /// A reader thread parses, validates and hashes batches (Sep/MiniExcel streaming from the stored
    /// upload); a bounded channel hands them to <see cref="ImportOptions.Writers"/> writers, each
    /// committing one batch per transaction together with its row range (the checkpoint). The CPU work
    /// of C# and PostgreSQL's COPY overlap on different cores, and memory stays flat whatever the
    /// roster's size (at most a few batches in flight).
    /// </summary>
    private async Task ProcessAsync(ImportRecord import, CancellationToken ct)
    {
        var actor = new Actor(ActorKinds.User, import.CreatedBy);
        var reason = $"roster import {import.ImportId}";
        var phases = new ImportPhases();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var batches = new ImportBatchWriter(dataSource, writer, options, time);
        var committed = await batches.CommittedRangesAsync(import, ct);
        // A county never set up gets its default settings (a write sets it up) in a transaction of its own now:
        // inside the first batch, the other writers would wait on that batch's insert until it committed.
        await counties.SetUpAsync(dataSource, import.County, ct);
        var writers = Math.Max(1, options.Writers);
        var channel = Channel.CreateBounded<ImportBatch>(
            new BoundedChannelOptions(writers + 1) { SingleWriter = true }
        );
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Factory.StartNew(
            () =>
                new ImportBatchReader(dataSource, protector, options, time).ReadBatches(
                    import,
                    committed,
                    channel.Writer,
                    phases,
                    stop.Token
                ),
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default
        );
        long rows = 0;
        var writing = Enumerable
            .Range(0, writers)
            .Select(_ =>
                Task.Run(
                    async () =>
                    {
                        try
                        {
                            while (true)
                            {
                                var waited = ImportPhases.Start();
                                if (!await channel.Reader.WaitToReadAsync(stop.Token))
                                {
                                    return;
                                }

                                phases.Add(ImportPhase.WaitForRows, waited);
                                if (channel.Reader.TryRead(out var batch))
                                {
                                    Interlocked.Add(ref rows, batch.Count);
                                    await batches.CommitAsync(import, batch, actor, reason, phases, stop.Token);
                                }
                            }
                        }
                        catch
                        {
                            // One writer failed: the others and the reader stop too (their committed batches stay).
                            await stop.CancelAsync();
                            throw;
                        }
                    },
                    CancellationToken.None
                )
            )
            .ToArray();

        try
        {
            await Task.WhenAll(writing);
        }
        catch
        {
            // Rethrow the failure itself, not a sibling's cancellation it caused.
            var failure = writing
                .Where(w => w.IsFaulted)
                .SelectMany(w => w.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException);
            ct.ThrowIfCancellationRequested();
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }
        finally
        {
            // The writers stopped (done, failed or shutting down): a reader blocked on a full channel must not wait
            // forever.
            await stop.CancelAsync();
        }

        // Rethrows the reader's own failure (missing columns, a broken file) after the batches before it were
        // committed.
        await reading;
        logger.LogInformation(
            "Import {ImportId}: {Rows} rows in {Seconds:F1} s; phases {Phases}",
            import.ImportId,
            rows,
            watch.Elapsed.TotalSeconds,
            phases
        );
    }

    private async Task FinishAsync(Guid importId, string status, string? error)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            "UPDATE imports SET status = @status, finished_at = @now, error = @error WHERE import_id = @importId",
            new
            {
                importId,
                status,
                error,
                now = time.GetUtcNow(),
            },
            transaction
        );
        await connection.ExecuteAsync(
            "DELETE FROM import_blobs WHERE import_id = @importId",
            new { importId },
            transaction
        );
        await connection.ExecuteAsync(
            "DELETE FROM import_batches WHERE import_id = @importId",
            new { importId },
            transaction
        );
        await transaction.CommitAsync();
    }
}
