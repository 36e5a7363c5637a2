using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>
/// <c>dotnet LoveCard.Settlement.dll migrate</c> (ADR 0029): applies the platform's and the service's
/// migrations to its schema and exits, 0 when the schema is current, non-zero with the reason in the
/// log otherwise. What Kubernetes runs as a Job before it rolls the services out; nothing else of
/// the service starts (no HTTP, no bus, no jobs).
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int DatabaseUnreachable = 2;

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        var migrator = services.GetRequiredService<Migrator>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LoveCard.Migrate");
        string? lastError = null;
        // A database that is not up yet (the Job started with it) is waited for; a script that fails
        // fails the same way every time, so it ends the command at once.
        var pipeline = Resilience.RetryForever(
            e => e is NpgsqlException { IsTransient: true } or TimeoutException or System.Net.Sockets.SocketException,
            (attempt, error) =>
            {
                lastError = error?.Message;
                logger.LogWarning(
                    "Database not reachable for migrations of {Schema} (attempt {Attempt}): {Error}",
                    options.Schema,
                    attempt,
                    error?.Message
                );
            }
        );
        var patience = TimeSpan.FromSeconds(Math.Max(1, options.MigrateTimeoutSeconds));
        using var deadline = new CancellationTokenSource(patience);
        try
        {
            var applied = await pipeline.ExecuteAsync(async ct => await migrator.MigrateAsync(ct), deadline.Token);
            logger.LogInformation(
                "Schema {Schema} is current: {Applied} migrations applied now",
                options.Schema,
                applied
            );
            return Succeeded;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            logger.LogCritical(
                "Migrating schema {Schema} gave up: the database was not reachable within {Seconds} s ({Error})",
                options.Schema,
                options.MigrateTimeoutSeconds,
                lastError
            );
            return DatabaseUnreachable;
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "Migrating schema {Schema} failed: {Error}", options.Schema, e.Message);
            return Failed;
        }
    }
}
