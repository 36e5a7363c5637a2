using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Platform.Tests;

/// <summary>Counts its runs; scheduled daily so only the tests' explicit runs start it.</summary>
public sealed class ProbeJob(Npgsql.NpgsqlDataSource dataSource) : LoveCard.Hosting.Jobs.IScheduledJob
{
    public string Name => "probe-job";

    public LoveCard.Hosting.Jobs.JobSchedule Schedule =>
        LoveCard.Hosting.Jobs.JobSchedule.Every(TimeSpan.FromDays(365));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition("INSERT INTO probe_job_runs DEFAULT VALUES", cancellationToken: ct)
        );
    }
}
