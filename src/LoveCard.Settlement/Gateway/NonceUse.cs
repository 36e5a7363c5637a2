using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// A signed request's nonce (TERMINAL-PROTOCOL.md step 9), kept until <see cref="KeepUntil"/> so a replay is caught.
/// </summary>
public sealed record NonceUse(string TerminalId, string Nonce, DateTimeOffset KeepUntil)
{
    /// <summary>Step 9 on its own (autocommit): false when the nonce was used before.</summary>
    public Task<bool> TryRecordAsync(NpgsqlConnection connection, CancellationToken ct) =>
        TerminalStore.TryUseNonceAsync(connection, TerminalId, Nonce, KeepUntil, ct);

    /// <summary>
    /// After a rollback the nonce went with it: record it on its own so the signed request cannot be
    /// replayed. Best effort: a broken connection has lost it, and then the request changed nothing,
    /// so a replay can do no more than the terminal's own retry would.
    /// </summary>
    public async Task RecordQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            await TerminalStore.TryUseNonceAsync(connection, TerminalId, Nonce, KeepUntil, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The original outcome is the one to report.
        }
    }
}
