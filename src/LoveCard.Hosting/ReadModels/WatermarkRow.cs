using Dapper;
using LoveCard.Contracts.ReadModels;
using Npgsql;

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

    /// <summary>
    /// Runs a source's watermark query (parameters <c>@after</c>, the cursor or null, and <c>@limit</c>)
    /// and returns the page and the next cursor, unless the page was the last.
    /// </summary>
    public static async Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> ReadPageAsync(
        NpgsqlConnection connection,
        string sql,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        var command = new CommandDefinition(sql, new { after, limit }, cancellationToken: ct);
        var rows = (await connection.QueryAsync<WatermarkRow>(command)).AsList();
        var items = rows.Select(r => new AggregateWatermark(r.AggregateId, r.Version, r.ChangedAt)).ToArray();
        return (items, rows.Count < limit ? null : rows[^1].Key);
    }
}
