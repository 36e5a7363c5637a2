using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LoveCard.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics for every service (ADR 0028): spans of HTTP requests, outgoing
/// HTTP, PostgreSQL commands, the outbox relay's publishes and MassTransit's send and consume, so one
/// trace runs from a request through the outbox and the broker to each consumer; metrics of ASP.NET
/// Core, HttpClient, the runtime, Npgsql, MassTransit and the services' own meters. Exported over
/// OTLP when a collector is named (<see cref="TelemetryOptions"/>); otherwise nothing is set up.
/// </summary>
public static class TelemetrySetup
{
    public static TelemetryOptions AddLoveCardTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        ServiceDefinition service
    )
    {
        var options = new TelemetryOptions();
        configuration.GetSection("Telemetry").Bind(options);
        services.AddSingleton(options);
        var endpoint = options.Endpoint(configuration);
        if (!(options.Enabled ?? endpoint is not null))
        {
            return options;
        }

        var protocol = string.Equals(
            options.OtlpProtocol ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"],
            "http/protobuf",
            StringComparison.OrdinalIgnoreCase
        )
            ? OtlpExportProtocol.HttpProtobuf
            : OtlpExportProtocol.Grpc;
        services
            .AddOpenTelemetry()
            .ConfigureResource(r =>
                r.AddService(
                    serviceName: "lovecard-" + service.Name,
                    serviceNamespace: "lovecard",
                    serviceInstanceId: Environment.MachineName
                )
            )
            .WithTracing(tracing =>
            {
                var ratio = Math.Clamp(options.TraceSampleRatio, 0, 1);
                tracing
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                    .AddSource(LoveCardTelemetry.PlatformSourceName, LoveCardTelemetry.MassTransitName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (endpoint is not null)
                {
                    tracing.AddOtlpExporter(o => Point(o, endpoint, protocol, "v1/traces"));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(LoveCardTelemetry.Prefix + "*", LoveCardTelemetry.MassTransitName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter(
                        (o, reader) =>
                        {
                            Point(o, endpoint, protocol, "v1/metrics");
                            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds =
                                Math.Max(5, options.MetricExportIntervalSeconds) * 1000;
                        }
                    );
                }
            });
        return options;
    }

    /// <summary>
    /// PostgreSQL commands are traced only inside a trace (a request, a consumed message, a relayed
    /// event): the pollers' idle queries would otherwise each be a trace of their own, several a
    /// second. Opening a physical connection (the pool's business, not a request's) is not traced.
    /// </summary>
    public static NpgsqlDataSourceBuilder WithLoveCardTracing(this NpgsqlDataSourceBuilder builder) =>
        builder.ConfigureTracing(t =>
            t.ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null)
                .EnablePhysicalOpenTracing(false)
                .EnableFirstResponseEvent(false)
        );

    private static void Point(OtlpExporterOptions o, string endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        o.Protocol = protocol;
        // Per-signal exporters take the full URL for HTTP; gRPC takes the collector's address as given.
        o.Endpoint =
            protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(endpoint.TrimEnd('/') + "/" + signalPath)
                : new Uri(endpoint);
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
