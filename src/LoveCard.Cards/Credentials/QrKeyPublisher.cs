using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Cards.Credentials;

/// <summary>
/// Publishes <see cref="QrSigningKeyPublished"/> for every state of every QR key exactly once:
/// version 1 when the key is made (NotAfter null), version 2 when it is retired (NotAfter = its
/// retirement + the code lifetime). <c>qr_key_publications</c> remembers what went out, so a
/// restart or a second instance publishes nothing twice. Settlement verifies codes with these keys.
/// </summary>
public sealed class QrKeyPublisher(
    NpgsqlDataSource dataSource,
    QrKeyRing ring,
    TimeProvider time,
    ILogger<QrKeyPublisher> logger
)
{
    public async Task<int> PublishPendingAsync(Actor actor, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO qr_key_publications (key_id, version, published_at) VALUES (@keyId, @version, @now)
            ON CONFLICT DO NOTHING
            """;
        var now = time.GetUtcNow();
        var published = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var key in ring.Keys)
        {
            var states = key.RetiredAt is null ? new long[] { 1 } : [1, 2];
            foreach (var version in states)
            {
                var inserted = await connection.ExecuteAsync(
                    new CommandDefinition(
                        sql,
                        new
                        {
                            keyId = key.KeyId,
                            version,
                            now,
                        },
                        transaction,
                        cancellationToken: ct
                    )
                );
                if (inserted == 0)
                {
                    continue;
                }

                await Outbox.AddAsync(
                    connection,
                    transaction,
                    new QrSigningKeyPublished
                    {
                        AggregateId = "qr-key:" + key.KeyId,
                        AggregateVersion = version,
                        Actor = actor,
                        Reason = version == 1 ? "created" : "retired",
                        OccurredAt = now,
                        KeyId = key.KeyId,
                        PublicKeySpki = key.PublicKeySpki,
                        NotBefore = key.CreatedAt,
                        NotAfter = version == 1 ? null : key.NotAfter,
                    },
                    ct
                );
                published++;
            }
        }

        await transaction.CommitAsync(ct);
        if (published > 0)
        {
            logger.LogInformation(
                "Published {Count} QR signing key state(s); current key {KeyId}",
                published,
                ring.Current.KeyId
            );
        }

        return published;
    }
}
