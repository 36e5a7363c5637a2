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
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }
        );
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
        app.MapGet("/probe/whoami", (HttpContext http) =>
                TypedResults.Ok(new { http.Caller().Role, http.Caller().County })
            )
            .RequirePeople();
        app.MapGet("/api/probe/ping", () => TypedResults.Ok(new { pong = true })).RequirePeople();
        app.MapPost(
            "/api/probe/notes",
            async (ProbeNote note, Npgsql.NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await connection.ExecuteAsync(
                    new CommandDefinition("INSERT INTO probe_notes (text) VALUES (@Text)", note, cancellationToken: ct)
                );
                return TypedResults.Created();
            }
        );
        // Registers a care worker the way a service does: its event written to the outbox in the request's transaction.
        app.MapPost(
            "/api/probe/care-workers/{aggregateId}",
            async (string aggregateId, Npgsql.NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await Outbox.AddAsync(connection, transaction, ProbeEvents.CareWorker(aggregateId), ct);
                await transaction.CommitAsync(ct);
                return TypedResults.Accepted((string?)null);
            }
        );
        return app;
    }
}
