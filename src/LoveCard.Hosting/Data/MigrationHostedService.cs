using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoveCard.Hosting.Data;

/// <summary>
/// Migrates at start-up, retrying with jittered backoff for as long as the database is down, so a
/// service started before its database waits (readiness false) and recovers by itself. With
/// <c>Database:MigrateAtStart=false</c> (Kubernetes: the migrate job did it, ADR 0029) it only waits
/// until its schema has every migration it knows, then opens.
/// </summary>
internal sealed class MigrationHostedService(
    Migrator migrator,
    DatabaseOptions options,
    StartupGate gate,
    ILogger<MigrationHostedService> logger
) : BackgroundService
{
    private static readonly TimeSpan PendingRecheck = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = Resilience.RetryForever(
            e => e is not OperationCanceledException and not InvalidOperationException,
            (attempt, error) =>
            {
                gate.LastError = error?.Message;
                logger.LogWarning(
                    "Database not reachable for migrations (attempt {Attempt}): {Error}",
                    attempt,
                    error?.Message
                );
            }
        );

        try
        {
            if (options.MigrateAtStart)
            {
                await pipeline.ExecuteAsync(async ct => await migrator.MigrateAsync(ct), stoppingToken);
            }
            else
            {
                await WaitForMigrateJobAsync(pipeline, stoppingToken);
            }

            gate.LastError = null;
            gate.MarkDatabaseReady();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e)
        {
            gate.LastError = e.Message;
            logger.LogCritical(e, "Migrations failed; the service stays not ready");
        }
    }

    private async Task WaitForMigrateJobAsync(Polly.ResiliencePipeline pipeline, CancellationToken stoppingToken)
    {
        var logged = false;
        while (true)
        {
            var pending = await pipeline.ExecuteAsync(async ct => await migrator.PendingAsync(ct), stoppingToken);
            if (pending.Count == 0)
            {
                logger.LogInformation(
                    "Schema {Schema} has every migration; not migrating at start (Database:MigrateAtStart=false)",
                    options.Schema
                );
                return;
            }

            gate.LastError = $"{pending.Count} migrations not applied yet (first {pending[0]}): run the migrate job";
            if (!logged)
            {
                logger.LogWarning(
                    "Schema {Schema} lacks {Count} migrations (first {First}); waiting for the migrate job",
                    options.Schema,
                    pending.Count,
                    pending[0]
                );
                logged = true;
            }

            await Task.Delay(PendingRecheck, stoppingToken);
        }
    }
}
