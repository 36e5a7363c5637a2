using System.Security.Cryptography;
using Dapper;
using LoveCard.Hosting.PersonalData;
using Npgsql;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// The token keys in the database, so every instance signs with the same key and publishes the
/// same set (ADR 0009). Key material is sealed with the personal-data key before it is stored.
/// </summary>
public sealed class TokenKeyStore(
    NpgsqlDataSource dataSource,
    PersonalDataProtector protector,
    IdentityServerOptions options,
    TimeProvider time
)
{
    public sealed record StoredKey(
        string KeyId,
        string Use,
        string Algorithm,
        byte[] Material,
        DateTimeOffset CreatedAt,
        DateTimeOffset SignsFrom,
        DateTimeOffset? ExpiresAt
    );

    private sealed class Row
    {
        public string KeyId { get; set; } = "";

        public string Use { get; set; } = "";

        public string Algorithm { get; set; } = "";

        public string KeyEncrypted { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset SignsFrom { get; set; }

        public DateTimeOffset? ExpiresAt { get; set; }
    }

    /// <summary>The keys still published, newest first.</summary>
    public async Task<IReadOnlyList<StoredKey>> LoadAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT key_id, use, algorithm, key_encrypted, created_at, signs_from, expires_at
            FROM token_keys WHERE expires_at IS NULL OR expires_at > @now
            ORDER BY signs_from DESC, created_at DESC
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(sql, new { now = time.GetUtcNow() }, cancellationToken: ct)
        );
        return rows.Select(r => new StoredKey(
                r.KeyId,
                r.Use,
                r.Algorithm,
                Convert.FromBase64String(protector.Decrypt(r.KeyEncrypted)),
                r.CreatedAt,
                r.SignsFrom,
                r.ExpiresAt
            ))
            .ToList();
    }

    /// <summary>
    /// Makes the first signing key and the encryption key when there are none (one instance does it: advisory lock).
    /// </summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtext('lovecard.identity.token-keys'))",
                transaction: transaction,
                cancellationToken: ct
            )
        );
        var now = time.GetUtcNow();
        var uses = (
            await connection.QueryAsync<string>(
                new CommandDefinition(
                    "SELECT DISTINCT use FROM token_keys WHERE expires_at IS NULL OR expires_at > @now",
                    new { now },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).ToHashSet();
        if (!uses.Contains("sig"))
        {
            await InsertAsync(connection, transaction, NewSigningKey(), "sig", "RS256", now, now, ct);
        }

        if (!uses.Contains("enc"))
        {
            await InsertAsync(
                connection,
                transaction,
                RandomNumberGenerator.GetBytes(32),
                "enc",
                "A256KW",
                now,
                now,
                ct
            );
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Starts a roll-over: a new signing key, published now and signing after the publication lead,
    /// and the current keys set to leave the key set some time after that. Returns the new key's id.
    /// </summary>
    public async Task<string> RotateSigningKeyAsync(CancellationToken ct)
    {
        var keys = options.SigningKeys;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtext('lovecard.identity.token-keys'))",
                transaction: transaction,
                cancellationToken: ct
            )
        );
        var now = time.GetUtcNow();
        var signsFrom = now.AddMinutes(keys.PublishBeforeUseMinutes);
        var keyId = await InsertAsync(connection, transaction, NewSigningKey(), "sig", "RS256", now, signsFrom, ct);
        const string retire = """
            UPDATE token_keys SET expires_at = @expiresAt
            WHERE use = 'sig' AND key_id <> @keyId AND (expires_at IS NULL OR expires_at > @expiresAt)
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                retire,
                new { keyId, expiresAt = signsFrom.AddMinutes(keys.KeepAfterRetiringMinutes) },
                transaction,
                cancellationToken: ct
            )
        );
        await transaction.CommitAsync(ct);
        return keyId;
    }

    /// <summary>When the newest signing key was made (null: none yet).</summary>
    public async Task<DateTimeOffset?> NewestSigningKeyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(
            new CommandDefinition("SELECT max(created_at) FROM token_keys WHERE use = 'sig'", cancellationToken: ct)
        );
    }

    private static byte[] NewSigningKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    }

    private async Task<string> InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        byte[] material,
        string use,
        string algorithm,
        DateTimeOffset now,
        DateTimeOffset signsFrom,
        CancellationToken ct
    )
    {
        var keyId = $"{use}-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        const string sql = """
            INSERT INTO token_keys (key_id, use, algorithm, key_encrypted, created_at, signs_from)
            VALUES (@keyId, @use, @algorithm, @sealed, @now, @signsFrom)
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    keyId,
                    use,
                    algorithm,
                    @sealed = protector.Encrypt(Convert.ToBase64String(material)),
                    now,
                    signsFrom,
                },
                transaction,
                cancellationToken: ct
            )
        );
        return keyId;
    }
}
