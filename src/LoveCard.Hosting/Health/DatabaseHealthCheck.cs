using Dapper;
using LoveCard.Hosting.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LoveCard.Hosting.Health;

/// <summary>Ready when the schema is migrated and the database answers now.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, StartupGate gate) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        if (!gate.IsDatabaseReady)
        {
            return HealthCheckResult.Unhealthy($"Schema not migrated yet: {gate.LastError ?? "starting"}");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            await connection.ExecuteScalarAsync<int>(
                new CommandDefinition("SELECT 1", cancellationToken: timeout.Token)
            );
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"Database unreachable: {e.Message}");
        }
    }
}
