namespace LoveCard.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry settings (<c>Telemetry:*</c>, ADR 0028). Nothing is collected for export unless a
/// collector is named, here or by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: a service without
/// one builds no tracer or meter provider and pays nothing for them.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The OTLP collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>:4318</c> with
    /// <see cref="OtlpProtocol"/> <c>http/protobuf</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>
    /// Forces the providers on (true) or off (false) whatever the endpoint; tests switch them on to
    /// read spans from an in-memory exporter. Null: on exactly when a collector is named.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The share of new traces recorded, 0 to 1 (default 1). A trace started elsewhere (a
    /// <c>traceparent</c> header, a message) keeps its caller's decision.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>How often metrics are pushed to the collector (default 60 s).</summary>
    public int MetricExportIntervalSeconds { get; set; } = 60;

    /// <summary>The collector named here, else by the standard environment variable.</summary>
    public string? Endpoint(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        OtlpEndpoint is { Length: > 0 } own ? own
        : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } standard ? standard
        : null;
}
