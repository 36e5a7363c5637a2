using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// The idempotent request's open transaction: the handler writes everything through it and never
/// commits it; the gateway stores the answer in it and commits (docs/terminal-protocol-implementation.md).
/// </summary>
public sealed class TerminalTransaction(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    string idempotencyKey
)
{
    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>What the request created (e.g. the purchase id), kept with the answer for look-ups by key.</summary>
    public string? ResourceId { get; set; }
}
