using Prometheus;

namespace LoveCard.Hosting.Observability;

/// <summary>The platform's own Prometheus series; HTTP rates and latencies come from prometheus-net's
/// middleware.</summary>
public static class LoveCardMetrics
{
    public static readonly Gauge OutboxBacklog = Metrics.CreateGauge(
        "lovecard_outbox_backlog",
        "Outbox rows not yet published.",
        "schema"
    );

    public static readonly Gauge OutboxOldestAge = Metrics.CreateGauge(
        "lovecard_outbox_oldest_age_seconds",
        "Age of the oldest unpublished outbox row.",
        "schema"
    );

    public static readonly Counter OutboxPublished = Metrics.CreateCounter(
        "lovecard_outbox_published_total",
        "Outbox rows published.",
        "schema"
    );

    public static readonly Histogram ConsumerLag = Metrics.CreateHistogram(
        "lovecard_consumer_lag_seconds",
        "Time from an event's occurrence to its consumption.",
        new HistogramConfiguration
        {
            LabelNames = ["consumer"],
            Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        }
    );

    public static readonly Gauge ErrorQueueDepth = Metrics.CreateGauge(
        "lovecard_error_queue_depth",
        "Messages waiting in a consumer's _error queue.",
        "queue"
    );

    public static readonly Counter TransientRetries = Metrics.CreateCounter(
        "lovecard_consumer_transient_retries_total",
        "Tries of a message that failed because the database or broker was slow or away (ADR 0014).",
        "queue"
    );

    public static readonly Gauge ReadModelBehind = Metrics.CreateGauge(
        "lovecard_read_model_behind",
        "Aggregates a read model had older than its source, or not at all, at the last reconciliation.",
        "kind"
    );

    public static readonly Counter ReadModelRepaired = Metrics.CreateCounter(
        "lovecard_read_model_repaired_total",
        "Aggregates whose state was requested again from their source.",
        "kind"
    );

    public static readonly Gauge ReadModelLastReconciled = Metrics.CreateGauge(
        "lovecard_read_model_last_reconciled_timestamp_seconds",
        "When a reconciliation of the kind last finished (Unix time).",
        "kind"
    );

    public static readonly Counter JobRuns = Metrics.CreateCounter(
        "lovecard_job_runs_total",
        "Scheduled job runs by outcome.",
        "job",
        "outcome"
    );
}
