using Dapper;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>QR signing keys' public halves, so codes verify without calling the cards service.</summary>
public sealed class QrSigningKeyPublishedConsumer(IServiceProvider services, QrKeyCache cache)
    : InboxConsumer<QrSigningKeyPublished>(services)
{
    protected override string VersionStream => "qr-key";

    protected override async Task HandleAsync(QrSigningKeyPublished message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_qr_keys (kid, public_key_spki, not_before, not_after)
            VALUES (@KeyId, @PublicKeySpki, @NotBefore, @NotAfter)
            ON CONFLICT (kid) DO UPDATE SET public_key_spki = excluded.public_key_spki,
                not_before = excluded.not_before, not_after = excluded.not_after
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.KeyId,
                    message.PublicKeySpki,
                    NotBefore = message.NotBefore.UtcDateTime,
                    NotAfter = message.NotAfter?.UtcDateTime,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
        cache.Forget(message.KeyId);
    }
}
