using System.Diagnostics;

namespace LoveCard.Hosting.Telemetry;

/// <summary>
/// The names LoveCard's own spans and meters go by. Every service records its business figures on
/// a meter of its own (<c>LoveCard.Settlement</c>, …) made with
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/>; the platform's spans (the outbox relay's
/// publish) come from <see cref="Source"/>.
/// </summary>
public static class LoveCardTelemetry
{
    /// <summary>Every LoveCard meter and activity source starts with this.</summary>
    public const string Prefix = "LoveCard.";

    public const string PlatformSourceName = "LoveCard.Platform";

    /// <summary>MassTransit 8's activity source and meter.</summary>
    public const string MassTransitName = "MassTransit";

    public static readonly ActivitySource Source = new(PlatformSourceName);

    /// <summary>The meter name of a service, e.g. <c>LoveCard.Settlement</c>.</summary>
    public static string MeterName(ServiceDefinition service) =>
        Prefix + char.ToUpperInvariant(service.Name[0]) + service.Name[1..];

    /// <summary>
    /// The W3C <c>traceparent</c> of the work in progress, stored with an outbox row so the relay
    /// publishes the event inside the same trace (ADR 0028); null outside a trace.
    /// </summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
}
