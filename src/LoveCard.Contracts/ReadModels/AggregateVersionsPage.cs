namespace LoveCard.Contracts.ReadModels;

/// <summary>A page of a source's version watermark (answer to <see cref="GetAggregateVersions"/>).</summary>
public sealed record AggregateVersionsPage
{
    public required string Kind { get; init; }

    public required IReadOnlyList<AggregateWatermark> Items { get; init; }

    /// <summary>The cursor of the next page; null after the last.</summary>
    public string? Next { get; init; }

    /// <summary>The source database's clock when the page was read.</summary>
    public required DateTimeOffset SourceNow { get; init; }

    /// <summary>
    /// When the oldest event still waiting in the source's outbox was written, or null when it is
    /// empty: a change after that may simply not have been published yet.
    /// </summary>
    public DateTimeOffset? OutboxOldestPendingAt { get; init; }

    /// <summary>Set when the source cannot answer for this kind (it is not its source).</summary>
    public string? Error { get; init; }
}
