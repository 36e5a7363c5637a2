using LoveCard.Contracts.ReadModels;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// A watermark row as a source's SQL reads it: <c>aggregate_id</c>, <c>key</c> (what the source
/// orders by, the next page's cursor), <c>version</c> and <c>changed_at</c>.
/// </summary>
public sealed class WatermarkRow
{
    public string AggregateId { get; init; } = "";

    public string Key { get; init; } = "";

    public long Version { get; init; }

    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>The page, and the next cursor unless the page was the last.</summary>
    public static (IReadOnlyList<AggregateWatermark> Items, string? Next) Page(IReadOnlyList<WatermarkRow> rows, int limit) =>
        (rows.Select(r => new AggregateWatermark(r.AggregateId, r.Version, r.ChangedAt)).ToArray(), rows.Count < limit ? null : rows[^1].Key);
}
