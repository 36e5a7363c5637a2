using Dapper;
using LoveCard.Contracts;
using Npgsql;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The version stream of a batch consumer (ADR 0046): the messages of a batch that <see cref="InboxConsumer{TEvent}"/>
/// would apply one by one, found with two statements. The applied versions of the batch's aggregates are read and
/// locked (in aggregate order, so two batches cannot deadlock), the messages are walked in delivery order exactly as
/// one-by-one delivery would take them (newer than the newest applied; a republished one also at the same version),
/// and each aggregate's newest applied version is recorded with one upsert. An aggregate another instance recorded
/// meanwhile at a newer version is left out (the upsert's condition), as the one-by-one check would.
/// </summary>
internal static class BatchVersions
{
    public static async Task<List<(Guid MessageId, TEvent Message)>> FilterAsync<TEvent>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string stream,
        IReadOnlyList<(Guid MessageId, TEvent Message)> fresh,
        IReadOnlySet<Guid> republished,
        CancellationToken ct
    )
        where TEvent : IntegrationEvent
    {
        var aggregates = fresh.Select(f => f.Message.AggregateId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var stored = (
            await connection.QueryAsync<(string AggregateId, long Version)>(
                new CommandDefinition(
                    """
                    SELECT aggregate_id, version FROM aggregate_versions
                    WHERE stream = @stream AND aggregate_id = ANY(@aggregates)
                    ORDER BY aggregate_id FOR UPDATE
                    """,
                    new { stream, aggregates },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).ToDictionary(r => r.AggregateId, r => r.Version, StringComparer.Ordinal);

        var applied = new List<(Guid MessageId, TEvent Message)>(fresh.Count);
        foreach (var (id, message) in fresh)
        {
            var version = message.AggregateVersion;
            if (
                !stored.TryGetValue(message.AggregateId, out var current)
                || version > current
                || (version == current && republished.Contains(id))
            )
            {
                stored[message.AggregateId] = version;
                applied.Add((id, message));
            }
        }

        if (applied.Count == 0)
        {
            return applied;
        }

        var changed = applied.Select(a => a.Message.AggregateId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var versions = changed.Select(a => stored[a]).ToArray();
        var recorded = (
            await connection.QueryAsync<string>(
                new CommandDefinition(
                    """
                    INSERT INTO aggregate_versions (stream, aggregate_id, version, applied_at)
                    SELECT @stream, a, v, now() FROM unnest(@changed, @versions) AS t(a, v) ORDER BY a
                    ON CONFLICT (stream, aggregate_id) DO UPDATE SET version = excluded.version, applied_at = now()
                        WHERE aggregate_versions.version <= excluded.version
                    RETURNING aggregate_id
                    """,
                    new
                    {
                        stream,
                        changed,
                        versions,
                    },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).ToHashSet(StringComparer.Ordinal);
        return recorded.Count == changed.Length
            ? applied
            : applied.Where(a => recorded.Contains(a.Message.AggregateId)).ToList();
    }
}
