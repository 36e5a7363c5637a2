using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Identity;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Identity.Accounts;

/// <summary>
/// Accounts: reads, and every change written with its event in one transaction (the outbox). A
/// change that takes rights away (role, disable, unlink, password reset) also revokes the person's
/// OpenIddict tokens in that same transaction, so the next refresh fails at once.
/// </summary>
public sealed class AccountStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = """
        account_id, account_role, user_name, display_name, county, provider_id, elder_id, phone_hash, phone_masked,
        password_hash, must_change_password, totp_secret_encrypted, totp_enabled_at, totp_last_step, status,
        failed_attempts, locked_until, external_issuer, external_subject, version, created_by, created_at, updated_at,
        area
        """;

    public async Task<Account?> FindAsync(Guid accountId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Account>(
            new CommandDefinition(
                $"SELECT {Columns} FROM accounts WHERE account_id = @accountId",
                new { accountId },
                cancellationToken: ct
            )
        );
    }

    public async Task<Account?> FindByUserNameAsync(string userName, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Account>(
            new CommandDefinition(
                $"SELECT {Columns} FROM accounts WHERE user_name = @userName",
                new { userName = userName.Trim().ToLowerInvariant() },
                cancellationToken: ct
            )
        );
    }

    public async Task<Account?> FindByPhoneHashAsync(string phoneHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Account>(
            new CommandDefinition(
                $"SELECT {Columns} FROM accounts WHERE phone_hash = @phoneHash",
                new { phoneHash },
                cancellationToken: ct
            )
        );
    }

    public async Task<Account?> FindByExternalAsync(string issuer, string subject, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Account>(
            new CommandDefinition(
                $"SELECT {Columns} FROM accounts WHERE external_issuer = @issuer AND external_subject = @subject",
                new { issuer, subject },
                cancellationToken: ct
            )
        );
    }

    /// <summary>The elders an agent acts for now (links not ended).</summary>
    public async Task<IReadOnlyList<Guid>> AgentEldersAsync(string phoneHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (
            await connection.QueryAsync<Guid>(
                new CommandDefinition(
                    """
                    SELECT elder_id FROM agent_links
                    WHERE agent_phone_hash = @phoneHash AND unlinked_at IS NULL ORDER BY linked_at
                    """,
                    new { phoneHash },
                    cancellationToken: ct
                )
            )
        ).ToList();
    }

    /// <summary>
    /// An elder's home county from the eligibility read model, or null when identity has not heard of the elder.
    /// </summary>
    public async Task<string?> ElderCountyAsync(Guid elderId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(
                "SELECT home_county FROM elders WHERE elder_id = @elderId",
                new { elderId },
                cancellationToken: ct
            )
        );
    }

    public sealed record ProviderFacts(string County, string Status);

    public async Task<ProviderFacts?> ProviderAsync(Guid providerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ProviderFacts>(
            new CommandDefinition(
                "SELECT county, status FROM providers WHERE provider_id = @providerId",
                new { providerId },
                cancellationToken: ct
            )
        );
    }

    /// <summary>Inserts a new account (version 1) with its <see cref="AccountCreated"/>.</summary>
    public async Task InsertAsync(Account account, AccountChangeContext context, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InsertAsync(connection, transaction, account, context, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Account account,
        AccountChangeContext context,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        account.Version = 1;
        account.CreatedAt = now;
        account.UpdatedAt = now;
        account.CreatedBy = context.Actor.Id;
        const string sql = """
            INSERT INTO accounts (account_id, account_role, user_name, display_name, county, provider_id, elder_id,
                phone_hash, phone_masked, password_hash, must_change_password, totp_secret_encrypted, totp_enabled_at,
                status, external_issuer, external_subject, version, created_by, created_at, updated_at, area)
            VALUES (@AccountId, @AccountRole, @UserName, @DisplayName, @County, @ProviderId, @ElderId,
                @PhoneHash, @PhoneMasked, @PasswordHash, @MustChangePassword, @TotpSecretEncrypted, @TotpEnabledAt,
                @Status, @ExternalIssuer, @ExternalSubject, @Version, @CreatedBy, @CreatedAt, @UpdatedAt, @Area)
            """;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, account, transaction, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConflictException(
                "account_exists",
                e.ConstraintName switch
                {
                    "accounts_user_name_key" => "That user name is taken.",
                    "accounts_phone_hash_key" => "An account with that mobile number exists.",
                    "accounts_elder_id_key" => "The elder has an account already.",
                    _ => "The account exists already.",
                }
            );
        }

        await Outbox.AddAsync(
            connection,
            transaction,
            AccountEvents.Describe(
                new AccountCreated
                {
                    AggregateId = "",
                    AggregateVersion = 0,
                    Actor = context.Actor,
                    Reason = context.Reason,
                    OccurredAt = now,
                    AccountId = account.AccountId,
                    AccountRole = "",
                    Role = "",
                    Status = "",
                },
                account,
                context
            ),
            ct
        );
    }

    /// <summary>
    /// Locks the account, applies <paramref name="change"/> (which returns the event, or null for a
    /// change that is not an account event, e.g. a failed attempt), saves it with version + 1 when
    /// there is an event, and revokes the person's tokens when <paramref name="revokeTokens"/>.
    /// </summary>
    public async Task<Account> ChangeAsync(
        Guid accountId,
        Func<Account, AccountEvent?> change,
        bool revokeTokens,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<Account>(
            new CommandDefinition(
                $"SELECT {Columns} FROM accounts WHERE account_id = @accountId FOR UPDATE",
                new { accountId },
                transaction,
                cancellationToken: ct
            )
        ) ?? throw new NotFoundException("Account");
        var evt = change(account);
        account.UpdatedAt = time.GetUtcNow();
        if (evt is not null)
        {
            account.Version++;
        }

        const string sql = """
            UPDATE accounts SET account_role = @AccountRole, display_name = @DisplayName, county = @County,
                provider_id = @ProviderId, password_hash = @PasswordHash, must_change_password = @MustChangePassword,
                totp_secret_encrypted = @TotpSecretEncrypted, totp_enabled_at = @TotpEnabledAt,
                totp_last_step = @TotpLastStep, status = @Status, failed_attempts = @FailedAttempts,
                locked_until = @LockedUntil, external_issuer = @ExternalIssuer, external_subject = @ExternalSubject,
                version = @Version, updated_at = @UpdatedAt
            WHERE account_id = @AccountId
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, account, transaction, cancellationToken: ct));
        if (evt is not null)
        {
            await Outbox.AddAsync(connection, transaction, evt with { AggregateVersion = account.Version }, ct);
        }

        if (revokeTokens)
        {
            await RevokeTokensAsync(connection, transaction, account.Subject, ct);
        }

        await transaction.CommitAsync(ct);
        return account;
    }

    /// <summary>
    /// Revokes every OpenIddict token and authorization of <paramref name="subject"/> (ADR 0009: the tables are ours).
    /// </summary>
    public static Task RevokeTokensAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string subject,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE oidc_tokens SET status = 'revoked' WHERE subject = @subject AND status IN ('valid', 'inactive');
            UPDATE oidc_authorizations SET status = 'revoked' WHERE subject = @subject AND status = 'valid';
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, new { subject }, transaction, cancellationToken: ct));
    }
}
