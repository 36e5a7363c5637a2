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

/// <summary>
/// A minimal service built on the shared hosting, as the four real services are: its consumers
/// record what they apply, so the tests can see exactly-once delivery, rollbacks and version checks.
/// </summary>
public static class ProbeApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var schema = builder.Configuration["Database:Schema"] ?? "probe";
        builder.AddLoveCardDefaults(new ServiceDefinition("probe", schema, 0, typeof(ProbeApp).Assembly), bus =>
        {
            bus.AddConsumer<CareWorkerProbeConsumer>();
            bus.AddConsumer<AlwaysFailingConsumer>();
        });
        builder.Services.AddSingleton<LoveCard.Hosting.Jobs.IScheduledJob, ProbeJob>();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapLoveCardDefaults();
        app.MapGet("/probe/whoami", (HttpContext http) => TypedResults.Ok(new { http.Caller().Role, http.Caller().County })).RequirePeople();
        app.MapGet("/api/probe/ping", () => TypedResults.Ok(new { pong = true })).RequirePeople();
        app.MapPost("/api/probe/notes", async (ProbeNote note, Npgsql.NpgsqlDataSource dataSource, CancellationToken ct) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO probe_notes (text) VALUES (@Text)", note, cancellationToken: ct));
            return TypedResults.Created();
        });
        return app;
    }
}

public sealed record ProbeNote(string Text);

/// <summary>Applies <see cref="CareWorkerRegistered"/> with the version check on (stream "probe").</summary>
public sealed class CareWorkerProbeConsumer(IServiceProvider services) : InboxConsumer<CareWorkerRegistered>(services)
{
    protected override string? VersionStream => "probe";

    protected override async Task HandleAsync(CareWorkerRegistered message, ConsumeScope scope, CancellationToken ct)
    {
        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO probe_applied (message_id, aggregate_id, version) VALUES (@messageId, @AggregateId, @AggregateVersion)",
            new { messageId = scope.Context.MessageId, message.AggregateId, message.AggregateVersion }, scope.Transaction, cancellationToken: ct));
    }
}

/// <summary>
/// Fails every <see cref="TerminalDisabled"/> until a test "heals" it, to show that retries end in the
/// error queue and that a replay from there is then applied.
/// </summary>
public sealed class AlwaysFailingConsumer(IServiceProvider services) : InboxConsumer<TerminalDisabled>(services)
{
    protected override async Task HandleAsync(TerminalDisabled message, ConsumeScope scope, CancellationToken ct)
    {
        var healed = await scope.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM probe_switch WHERE name = 'heal')", transaction: scope.Transaction, cancellationToken: ct));
        if (!healed)
        {
            throw new InvalidOperationException("This consumer fails until healed (a test of the error queue).");
        }

        await scope.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO probe_healed (message_id, terminal_id) VALUES (@messageId, @TerminalId)",
            new { messageId = scope.Context.MessageId, message.TerminalId }, scope.Transaction, cancellationToken: ct));
    }
}

/// <summary>Counts its runs; scheduled daily so only the tests' explicit runs start it.</summary>
public sealed class ProbeJob(Npgsql.NpgsqlDataSource dataSource) : LoveCard.Hosting.Jobs.IScheduledJob
{
    public string Name => "probe-job";

    public LoveCard.Hosting.Jobs.JobSchedule Schedule => LoveCard.Hosting.Jobs.JobSchedule.Every(TimeSpan.FromDays(365));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO probe_job_runs DEFAULT VALUES", cancellationToken: ct));
    }
}
