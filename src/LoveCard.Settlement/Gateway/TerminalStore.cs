using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Data;
using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>The terminal read model, activation and nonces.</summary>
public sealed class TerminalStore(NpgsqlDataSource dataSource)
{
    private const string SelectColumns = """
        terminal_id, provider_id, county, model, latitude, longitude, opens_at, closes_at, status,
        activation_code_hash, activation_code_expires_at, activation_code_used_at, key_version,
        master_key_id, activated_at
        """;

    public async Task<TerminalRow?> FindAsync(string terminalId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FindAsync(connection, terminalId, ct);
    }

    public static async Task<TerminalRow?> FindAsync(
        NpgsqlConnection connection,
        string terminalId,
        CancellationToken ct
    )
    {
        // Every signed request reads its terminal: a positional, typed parameter leaves Npgsql nothing to rewrite
        // (ADR 0057); the row is mapped as Dapper maps it.
        const string sql = $"SELECT {SelectColumns} FROM terminals WHERE terminal_id = $1";
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { TypedParameter.Of(terminalId) } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await new BatchResults(reader).ReadSingleOrDefaultAsync<TerminalRow>(ct);
    }

    /// <summary>
    /// A (re-)registration: a new code hash, the used mark cleared. The key version stays, so the
    /// current key keeps working until the new code is used (TERMINAL-PROTOCOL.md, "Activation").
    /// Registering again re-enables a disabled terminal: whitelist decided it may work again.
    /// </summary>
    public static Task UpsertRegisteredAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalRegistered e,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO terminals (terminal_id, provider_id, county, model, latitude, longitude, opens_at, closes_at,
                                   status, activation_code_hash, activation_code_expires_at, updated_at)
            VALUES (@TerminalId, @ProviderId, @County, @Model, @Latitude, @Longitude, @OpensAt, @ClosesAt,
                    'enabled', @hash, @ActivationCodeExpiresAt, @OccurredAt)
            ON CONFLICT (terminal_id) DO UPDATE SET
                provider_id = excluded.provider_id, county = excluded.county, model = excluded.model,
                latitude = excluded.latitude, longitude = excluded.longitude,
                opens_at = excluded.opens_at, closes_at = excluded.closes_at,
                status = 'enabled', disabled_at = NULL,
                activation_code_hash = excluded.activation_code_hash,
                activation_code_expires_at = excluded.activation_code_expires_at,
                -- The same code (the same hash) stays used: a registration sent again must not revive it.
                activation_code_used_at = CASE WHEN terminals.activation_code_hash = excluded.activation_code_hash
                    THEN terminals.activation_code_used_at END,
                updated_at = excluded.updated_at
            """;
        return connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    e.TerminalId,
                    e.ProviderId,
                    e.County,
                    e.Model,
                    e.Latitude,
                    e.Longitude,
                    e.OpensAt,
                    e.ClosesAt,
                    hash = e.ActivationCodeHash.ToLowerInvariant(),
                    // Npgsql writes only UTC offsets to timestamptz; events may carry +08:00.
                    ActivationCodeExpiresAt = e.ActivationCodeExpiresAt.ToUniversalTime(),
                    OccurredAt = e.OccurredAt.ToUniversalTime(),
                },
                transaction,
                cancellationToken: ct
            )
        );
    }

    public static Task UpsertDisabledAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalDisabled e,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO terminals (terminal_id, provider_id, status, disabled_at, updated_at)
            VALUES (@TerminalId, @ProviderId, 'disabled', @OccurredAt, @OccurredAt)
            ON CONFLICT (terminal_id) DO UPDATE SET status = 'disabled', disabled_at = excluded.disabled_at, updated_at
                = excluded.updated_at
            """;
        return connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    e.TerminalId,
                    e.ProviderId,
                    OccurredAt = e.OccurredAt.ToUniversalTime(),
                },
                transaction,
                cancellationToken: ct
            )
        );
    }

    /// <summary>
    /// Marks the code used and bumps the key version, only if nobody did so since <paramref name="seenKeyVersion"/>
    /// was read: of two concurrent activations with the same code exactly one gets a key.
    /// </summary>
    public async Task<int?> ActivateAsync(
        string terminalId,
        int seenKeyVersion,
        string masterKeyId,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE terminals SET key_version = key_version + 1, master_key_id = @masterKeyId,
                                 activated_at = @now, activation_code_used_at = @now, updated_at = @now
            WHERE terminal_id = @terminalId AND key_version = @seenKeyVersion
              AND activation_code_used_at IS NULL AND status = 'enabled'
            RETURNING key_version
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int?>(
            new CommandDefinition(
                sql,
                new
                {
                    terminalId,
                    seenKeyVersion,
                    masterKeyId,
                    now = now.ToUniversalTime(),
                },
                cancellationToken: ct
            )
        );
    }

    /// <summary>True when the nonce is new for this terminal; false when it was used before.</summary>
    public static async Task<bool> TryUseNonceAsync(
        NpgsqlConnection connection,
        string terminalId,
        string nonce,
        DateTimeOffset keepUntil,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO terminal_nonces (terminal_id, nonce, expires_at) VALUES (@terminalId, @nonce, @keepUntil)
            ON CONFLICT DO NOTHING
            """;
        return await connection.ExecuteAsync(
                new CommandDefinition(
                    sql,
                    new
                    {
                        terminalId,
                        nonce,
                        keepUntil = keepUntil.ToUniversalTime(),
                    },
                    cancellationToken: ct
                )
            ) == 1;
    }

    public async Task<int> DeleteExpiredNoncesAsync(DateTimeOffset now, CancellationToken ct)
    {
        const string sql = "DELETE FROM terminal_nonces WHERE expires_at < @now";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(
            new CommandDefinition(sql, new { now = now.ToUniversalTime() }, cancellationToken: ct)
        );
    }
}
