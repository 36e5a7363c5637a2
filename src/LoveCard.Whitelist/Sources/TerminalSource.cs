using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.ReadModels;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.ReadModels;
using LoveCard.Whitelist.Terminals;
using Npgsql;

namespace LoveCard.Whitelist.Sources;

/// <summary>
/// Terminals as a source of read models (ADR 0015): an enabled terminal's state is its
/// <see cref="TerminalRegistered"/> (with the hash of its current activation code, never the code),
/// a disabled one's its <see cref="TerminalDisabled"/>.
/// </summary>
public sealed class TerminalSource : IAggregateSource
{
    private const string Reason = "current state, sent again for a read model";
    private static readonly Actor Sync = Actor.System("whitelist-read-model-sync");

    public string Kind => ReadModelKinds.Terminal;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT terminal_id AS aggregate_id, terminal_id AS key, version,
                   greatest(registered_at, disabled_at) AS changed_at
            FROM terminals
            WHERE @after::text IS NULL OR terminal_id COLLATE "C" > @after
            ORDER BY terminal_id COLLATE "C" LIMIT @limit
            """;
        return WatermarkRow.ReadPageAsync(connection, sql, after, limit, ct);
    }

    public async Task<IReadOnlyList<SourceState>> StatesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> aggregateIds,
        CancellationToken ct
    )
    {
        const string sql = $"SELECT {TerminalStore.Columns} FROM terminals WHERE terminal_id = ANY(@ids)";
        var ids = aggregateIds.ToArray();
        var rows = await connection.QueryAsync<TerminalRow>(
            new CommandDefinition(sql, new { ids }, transaction, cancellationToken: ct)
        );
        return rows.Select(t => new SourceState(t.TerminalId, t.Version, [State(t)])).ToArray();
    }

    private static IntegrationEvent State(TerminalRow t) =>
        t.Status == TerminalStatuses.Disabled
            ? new TerminalDisabled
            {
                AggregateId = t.TerminalId,
                AggregateVersion = t.Version,
                Actor = Sync,
                Reason = Reason,
                OccurredAt = t.DisabledAt ?? t.RegisteredAt,
                TerminalId = t.TerminalId,
                ProviderId = t.ProviderId,
            }
            : TerminalStore.Registered(t, Sync, Reason, t.RegisteredAt);
}
