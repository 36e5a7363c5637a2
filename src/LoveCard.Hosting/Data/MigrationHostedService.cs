using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoveCard.Hosting.Data;

/// <summary>
/// Migrates at start-up, retrying with jittered backoff for as long as the database is down, so a
/// service started before its database waits (readiness false) and recovers by itself.
/// </summary>
internal sealed class MigrationHostedService(Migrator migrator, StartupGate gate, ILogger<MigrationHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = Resilience.RetryForever(
            e => e is not OperationCanceledException and not InvalidOperationException,
            (attempt, error) =>
            {
                gate.LastError = error?.Message;
                logger.LogWarning("Database not reachable for migrations (attempt {Attempt}): {Error}", attempt, error?.Message);
            });

        try
        {
            await pipeline.ExecuteAsync(async ct => await migrator.MigrateAsync(ct), stoppingToken);
            gate.LastError = null;
            gate.MarkDatabaseReady();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            gate.LastError = e.Message;
            logger.LogCritical(e, "Migrations failed; the service stays not ready");
        }
    }
}
