using Dapper;
using LoveCard.Cards.Credentials;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.ReadModels;
using LoveCard.Hosting.ReadModels;
using Npgsql;

namespace LoveCard.Cards.Sources;

/// <summary>
/// The QR signing keys' public halves as a source (ADR 0015): a key's version is its newest
/// published state (1 made, 2 retired, <c>qr_key_publications</c>); its state comes from the key ring.
/// </summary>
public sealed class QrKeySource(QrKeyRing ring) : IAggregateSource
{
    private const string Prefix = "qr-key:";
    private static readonly Actor Sync = Actor.System("cards-read-model-sync");

    public string Kind => ReadModelKinds.QrKey;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT 'qr-key:' || key_id AS aggregate_id, key_id AS key, max(version) AS version,
                   max(published_at) AS changed_at
            FROM qr_key_publications
            WHERE @after::text IS NULL OR key_id > @after
            GROUP BY key_id ORDER BY key_id LIMIT @limit
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
        const string sql = """
            SELECT key_id, max(version) FROM qr_key_publications WHERE key_id = ANY(@keys) GROUP BY key_id
            """;
        var keys = SourceIds.After(Prefix, aggregateIds);
        var published = await connection.QueryAsync<(string KeyId, long Version)>(
            new CommandDefinition(sql, new { keys }, transaction, cancellationToken: ct)
        );
        return published
            .Select(p =>
            {
                // A key no longer in the ring has no public half to send: the reader keeps what it has.
                var key = ring.Keys.FirstOrDefault(k => k.KeyId == p.KeyId);
                IntegrationEvent[] events = key is null ? [] : [Published(key, p.Version)];
                return new SourceState(Prefix + p.KeyId, p.Version, events);
            })
            .ToArray();
    }

    private static QrSigningKeyPublished Published(QrKey key, long version) =>
        new()
        {
            AggregateId = Prefix + key.KeyId,
            AggregateVersion = version,
            Actor = Sync,
            Reason = "current state, sent again for a read model",
            OccurredAt = key.CreatedAt,
            KeyId = key.KeyId,
            PublicKeySpki = key.PublicKeySpki,
            NotBefore = key.CreatedAt,
            NotAfter = version >= 2 ? key.NotAfter : null,
        };
}
