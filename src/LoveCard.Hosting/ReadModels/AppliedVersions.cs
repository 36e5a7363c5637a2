using Dapper;
using Npgsql;

namespace LoveCard.Hosting.ReadModels;

/// <summary>What this service's read models have applied of some aggregates: <c>aggregate_versions</c> by
/// stream.</summary>
internal static class AppliedVersions
{
    public static async Task<Dictionary<(string Stream, string AggregateId), Applied>> ReadAsync(
        NpgsqlDataSource dataSource,
        IReadOnlyList<string> streams,
        IReadOnlyList<string> aggregateIds,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT stream, aggregate_id, version, applied_at FROM aggregate_versions
            WHERE stream = ANY(@streams) AND aggregate_id = ANY(@ids)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var parameters = new { streams = streams.ToArray(), ids = aggregateIds.ToArray() };
        var rows = await connection.QueryAsync<Applied>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return rows.ToDictionary(r => (r.Stream, r.AggregateId));
    }

    /// <summary>True when some stream of <paramref name="streams"/> has not applied <paramref name="item"/>'s
    /// version.</summary>
    public static bool IsBehind(
        Dictionary<(string Stream, string AggregateId), Applied> applied,
        IEnumerable<string> streams,
        Contracts.ReadModels.AggregateWatermark item,
        DateTimeOffset? since = null
    ) =>
        streams.Any(s =>
            !applied.TryGetValue((s, item.AggregateId), out var a)
            || a.Version < item.Version
            || (since is { } start && a.AppliedAt < start)
        );

    internal sealed class Applied
    {
        public string Stream { get; init; } = "";

        public string AggregateId { get; init; } = "";

        public long Version { get; init; }

        public DateTimeOffset AppliedAt { get; init; }
    }
}
