namespace LoveCard.Hosting.ReadModels;

/// <summary>Settings of the read models' reconciliation and rebuild (<c>ReadModels:*</c>, ADR 0015).</summary>
public sealed class ReadModelSyncOptions
{
    /// <summary>Seconds between two reconciliation passes; 0 pauses reconciliation.</summary>
    public int ReconcileEverySeconds { get; set; } = 600;

    /// <summary>
    /// A change younger than this (or than the source's oldest unpublished event) is left to the
    /// normal flow: it may be on its way through the outbox, the broker and this service's queues.
    /// </summary>
    public int GraceSeconds { get; set; } = 120;

    /// <summary>Aggregates per watermark page and per state request.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How long a request to a source waits for its answer.</summary>
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Repairs wait while the read-model queues of a kind hold more than this many messages: what
    /// is in them will arrive by itself (a roster import's events, for one).
    /// </summary>
    public int QueueBacklogLimit { get; set; } = 100;

    /// <summary>How long a rebuild waits for everything it sent to be applied before it reports failure.</summary>
    public int RebuildVerifyMinutes { get; set; } = 30;
}
