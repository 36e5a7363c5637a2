using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace LoveCard.Hosting.Data;

/// <summary>
/// Migrates at start-up, retrying with jittered backoff for as long as the database is down, so a
/// service started before its database waits (readiness false) and recovers by itself.
/// </summary>
internal sealed class MigrationHostedService(Migrator migrator, StartupGate gate, ILogger<MigrationHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException and not InvalidOperationException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    gate.LastError = args.Outcome.Exception?.Message;
                    logger.LogWarning("Database not reachable for migrations (attempt {Attempt}): {Error}", args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

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
