using Dapper;
using Npgsql;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The inbox's one rule for a single message: a consumer applies a message id once. The claim is a row in the
/// consumer's inbox written in the same transaction as the message's effects, so a redelivery finds it and
/// changes nothing.
/// </summary>
internal static class InboxClaim
{
    /// <summary>
    /// True when this transaction is the first to take <paramref name="messageId"/> for the consumer.
    /// </summary>
    public static async Task<bool> TryClaimAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid messageId,
        string consumer,
        CancellationToken ct
    ) =>
        await connection.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO inbox (message_id, consumer) VALUES (@messageId, @consumer) ON CONFLICT DO NOTHING",
                new { messageId, consumer },
                transaction,
                cancellationToken: ct
            )
        ) > 0;
}
