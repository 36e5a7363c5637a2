using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>The <c>terminal_idempotency</c> table (TERMINAL-PROTOCOL.md, "Idempotency").</summary>
public sealed class TerminalIdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>The committed answer for a terminal's key, or null (unknown key, or the first request still running or
    /// failed).</summary>
    public async Task<StoredTerminalAnswer?> FindAsync(string terminalId, string idempotencyKey, CancellationToken ct)
    {
        const string sql = """
            SELECT status_code, content_type, body, resource_id, created_at
            FROM terminal_idempotency
            WHERE terminal_id = @terminalId AND idempotency_key = @idempotencyKey AND status_code IS NOT NULL
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<AnswerRow>(
            new CommandDefinition(sql, new { terminalId, idempotencyKey }, cancellationToken: ct)
        );
        return row?.ToAnswer();
    }

    /// <summary>
    /// Uses the nonce (TERMINAL-PROTOCOL.md "Signed requests") and claims the key, in one round trip
    /// inside the request's transaction. Claimed: this request is the first and runs. Not claimed: a
    /// row exists; when another transaction holds it uncommitted, the insert waits for that
    /// transaction to end, so a duplicate arriving mid-flight gets the first answer. The nonce goes
    /// first, so a replayed copy of a request waits on the nonce and is refused as a replay.
    /// </summary>
    internal static async Task<(bool NonceNew, bool Claimed)> TryUseNonceAndClaimAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string nonce,
        DateTimeOffset keepUntil,
        string terminalId,
        string idempotencyKey,
        string fingerprint,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var useNonce = new NpgsqlBatchCommand(
            """
            INSERT INTO terminal_nonces (terminal_id, nonce, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            """
        );
        useNonce.Parameters.Add(new NpgsqlParameter<string> { TypedValue = terminalId });
        useNonce.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nonce });
        useNonce.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = keepUntil.ToUniversalTime() });
        var claim = new NpgsqlBatchCommand(
            """
            INSERT INTO terminal_idempotency (terminal_id, idempotency_key, fingerprint, created_at)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            """
        );
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = terminalId });
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idempotencyKey });
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fingerprint });
        claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        batch.BatchCommands.Add(useNonce);
        batch.BatchCommands.Add(claim);
        await batch.ExecuteNonQueryAsync(ct);
        return (useNonce.RecordsAffected == 1, claim.RecordsAffected == 1);
    }

    internal static Task<ClaimedRow?> ReadClaimAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string terminalId,
        string idempotencyKey,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT fingerprint, status_code, content_type, body
            FROM terminal_idempotency WHERE terminal_id = @terminalId AND idempotency_key = @idempotencyKey
            """;
        return connection.QuerySingleOrDefaultAsync<ClaimedRow>(
            new CommandDefinition(sql, new { terminalId, idempotencyKey }, transaction, cancellationToken: ct)
        );
    }

    internal static async Task CompleteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string terminalId,
        string idempotencyKey,
        int statusCode,
        string contentType,
        byte[] body,
        string? resourceId,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(
            CompleteCommand(terminalId, idempotencyKey, statusCode, contentType, body, resourceId, now)
        );
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the answer into the claim row (<see cref="CompleteAsync"/>), as a batch command.</summary>
    internal static NpgsqlBatchCommand CompleteCommand(
        string terminalId,
        string idempotencyKey,
        int statusCode,
        string contentType,
        byte[] body,
        string? resourceId,
        DateTimeOffset now
    )
    {
        var command = new NpgsqlBatchCommand(
            """
            UPDATE terminal_idempotency
            SET status_code = $3, content_type = $4, body = $5, resource_id = $6, completed_at = $7
            WHERE terminal_id = $1 AND idempotency_key = $2
            """
        );
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = terminalId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idempotencyKey });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = statusCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = contentType });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = body });
        command.Parameters.Add(
            new NpgsqlParameter
            {
                Value = (object?)resourceId ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
            }
        );
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() });
        return command;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        const string sql = "DELETE FROM terminal_idempotency WHERE created_at < @cutoff";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(
            new CommandDefinition(sql, new { cutoff = cutoff.ToUniversalTime() }, cancellationToken: ct)
        );
    }

    internal sealed class ClaimedRow
    {
        public string Fingerprint { get; init; } = "";

        public int? StatusCode { get; init; }

        public string? ContentType { get; init; }

        public byte[]? Body { get; init; }
    }

    private sealed class AnswerRow
    {
        public int StatusCode { get; init; }

        public string ContentType { get; init; } = "";

        public byte[] Body { get; init; } = [];

        public string? ResourceId { get; init; }

        public DateTime CreatedAt { get; init; }

        public StoredTerminalAnswer ToAnswer() =>
            new(
                StatusCode,
                ContentType,
                Body,
                ResourceId,
                new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc))
            );
    }
}
