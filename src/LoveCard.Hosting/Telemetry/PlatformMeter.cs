using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LoveCard.Hosting.Telemetry;

/// <summary>
/// The platform's figures a collector wants beside the services' own (meter <c>LoveCard.Platform</c>,
/// exported over OTLP): consumer lag and the outbox's backlog. <c>/metrics</c> already shows them as
/// prometheus-net series (<c>lovecard_consumer_lag_seconds</c>, <c>lovecard_outbox_backlog</c>), so this
/// meter is not bridged there (<see cref="PrometheusMeterBridge"/> shows only a host's own meters).
/// </summary>
public static class PlatformMeter
{
    public const string Name = "LoveCard.Platform";

    private static readonly Meter Meter = new(Name);
    private static readonly ConcurrentDictionary<string, (long Rows, double OldestSeconds)> Outboxes = new();

    /// <summary>Time from an event's occurrence to its consumption.</summary>
    public static readonly Histogram<double> ConsumerLag = Meter.CreateHistogram<double>(
        "lovecard.consumer.lag",
        unit: "s",
        description: "Time from an event's occurrence to its consumption."
    );

    static PlatformMeter()
    {
        Meter.CreateObservableGauge(
            "lovecard.outbox.backlog",
            () =>
                Outboxes.Select(o => new Measurement<long>(
                    o.Value.Rows,
                    new KeyValuePair<string, object?>("schema", o.Key)
                )),
            unit: "{row}",
            description: "Outbox rows not yet published."
        );
        Meter.CreateObservableGauge(
            "lovecard.outbox.oldest_age",
            () =>
                Outboxes.Select(o => new Measurement<double>(
                    o.Value.OldestSeconds,
                    new KeyValuePair<string, object?>("schema", o.Key)
                )),
            unit: "s",
            description: "Age of the oldest unpublished outbox row."
        );
    }

    /// <summary>What the relay of <paramref name="schema"/> last saw of its outbox.</summary>
    public static void OutboxObserved(string schema, long rows, double oldestSeconds) =>
        Outboxes[schema] = (rows, oldestSeconds);
}
