using System.Text.Json;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Health;
using LoveCard.Hosting.Jobs;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Network;
using LoveCard.Hosting.Observability;
using LoveCard.Hosting.PersonalData;
using LoveCard.Hosting.Secrets;
using LoveCard.Hosting.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Scalar.AspNetCore;

namespace LoveCard.Hosting;

public static class ServiceDefaults
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Everything a LoveCard service shares, in one call: database and migrations, the bus with the
    /// outbox relay, problem details, JWT auth, health, OpenAPI, metrics, JSON logs, jobs.
    /// </summary>
    public static WebApplicationBuilder AddLoveCardDefaults(
        this WebApplicationBuilder builder,
        ServiceDefinition service,
        Action<IBusRegistrationConfigurator>? consumers = null
    )
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Listen on loopback unless told otherwise (urls, HTTP_PORTS as container images set, or Kestrel endpoints).
        if (
            new[]
            {
                "urls",
                "ASPNETCORE_URLS",
                "http_ports",
                "ASPNETCORE_HTTP_PORTS",
                "Kestrel:Endpoints:Http:Url",
            }.All(key => string.IsNullOrEmpty(configuration[key]))
        )
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{service.DefaultPort}");
        }

        var management = new ManagementEndpoints(configuration, builder.Environment);
        services.AddSingleton(management);
        if (management.Urls.Count > 0)
        {
            // The management port beside the service's own (finding S-8): UseUrls replaces, so name both.
            var own = configuration["urls"] is { Length: > 0 } urls
                ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries)
                : (configuration["http_ports"] ?? "")
                    .Split(';', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => $"http://*:{p.Trim()}")
                    .DefaultIfEmpty($"http://127.0.0.1:{service.DefaultPort}");
            builder.WebHost.UseUrls([.. own, .. management.Urls]);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // MassTransit logs message bodies at debug; keep it at information so no payload reaches the logs.
        builder.Logging.AddFilter("MassTransit", LogLevel.Information);
        // The framework's per-request lines (request started and finished, endpoint executing, result
        // written) were most of every log; RequestLogMiddleware writes one line instead. None for the
        // hosting category: its per-request scope carries the raw path, card numbers and all (S-9).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.Configure(o =>
            o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId
        );

        services.AddSingleton(service);
        services.AddSingleton(TimeProvider.System);
        services.AddLoveCardTelemetry(configuration, service);
        PrometheusMeterBridge.SuppressDefaultAdapters();
        services.AddSingleton<PrometheusMeterBridge>();
        CostCounters.Start();
        services.AddSingleton<StartupGate>();
        var database = services.AddLoveCardDatabase(configuration, service);
        services.AddSingleton<Migrator>();
        services.AddSingleton<Counties.CountyRegister>();
        services.AddHostedService<MigrationHostedService>();
        services.AddLoveCardBus(configuration, service, database, consumers);
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());

        services.AddProblemDetails(o =>
            o.CustomizeProblemDetails = ctx =>
            {
                if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
                {
                    ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Status switch
                    {
                        401 => "unauthenticated",
                        403 => "forbidden",
                        404 => "not_found",
                        405 => "method_not_allowed",
                        413 => "body_too_large",
                        415 => "unsupported_media_type",
                        429 => "rate_limited",
                        _ => "error",
                    };
                }

                // Chinese title and detail for a caller that prefers zh (ADR 0030); code and field unchanged.
                ctx.HttpContext.RequestServices.GetService<ProblemCatalogue>()
                    ?.Localize(ctx.ProblemDetails, ctx.HttpContext);
            }
        );
        services.AddLocalization();
        services.AddSingleton<ProblemCatalogue>();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        });

        services.AddLoveCardAuth(configuration, builder.Environment);
        var personalData = new PersonalDataOptions();
        configuration.GetSection("PersonalData").Bind(personalData);
        if (KeyRules.Enforced(builder.Environment))
        {
            // Outside Development there is no fallback: every key configured, none public (finding S-1).
            KeyRules.ThrowIfAny(personalData.Problems());
        }
        else
        {
            personalData.WithDevelopmentFallback();
        }

        services.AddSingleton(personalData);
        services.AddSingleton<PersonalDataProtector>();
        services.AddPeopleRateLimits(configuration);
        services.AddLoveCardForwardedHeaders(configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        services.AddLoveCardOpenApi(service, configuration);
        return builder;
    }

    /// <summary>Middleware and platform endpoints: health, OpenAPI and its page, metrics.</summary>
    public static WebApplication MapLoveCardDefaults(this WebApplication app)
    {
        // First, so every limit and log below sees the client's address, not the ingress's.
        app.UseForwardedHeaders();
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHttpMetrics();
        app.UseAuthentication();
        app.UseMiddleware<ManagementGateMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
        // After auth, so a caller without a token still gets its 401 first (ADR 0031).
        app.UseMiddleware<Paging.UnknownQueryParameters>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks(
                "/health/ready",
                new HealthCheckOptions
                {
                    // MassTransit tags its bus check "ready" too, so readiness covers the database and the broker.
                    Predicate = check => check.Tags.Contains(ReadyTag),
                    ResponseWriter = WriteHealthAsync,
                }
            )
            .ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        // The services' own meters on /metrics, from the start (a counter misses what happens before).
        app.Services.GetRequiredService<PrometheusMeterBridge>();
        app.MapMetrics("/metrics");
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(
            new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status.ToString(), e.Value.Description }
                ),
            }
        );
    }

    /// <summary>The caller of a people endpoint (JWT); use in handlers to check the object.</summary>
    public static Caller Caller(this HttpContext context) => Auth.Caller.From(context.User);

    /// <summary>Endpoints for people: authenticated with a LoveCard role.</summary>
    public static TBuilder RequirePeople<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(AuthSetup.PeoplePolicy);
}
