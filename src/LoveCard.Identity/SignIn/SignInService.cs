using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Identity;
using LoveCard.Hosting.PersonalData;
using LoveCard.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace LoveCard.Identity.SignIn;

/// <summary>
/// Checks what a person types at the sign-in pages: password, TOTP or recovery code. Every wrong
/// answer counts towards the account's lockout (<see cref="SignInOptions.MaxFailures"/> in a row
/// locks it) and the client address's; a locked account or address is refused before any check.
/// </summary>
public sealed class SignInService(
    NpgsqlDataSource dataSource,
    AccountStore accounts,
    PersonalDataProtector protector,
    SignInOptions options,
    TimeProvider time
)
{
    private static readonly PasswordHasher<Account> Hasher = new();

    /// <summary>A hash to compare against when the user name is unknown, so both take as long.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(new Account(), "not-a-real-password-0123456789");

    public enum Outcome
    {
        Success,
        Failed,
        Locked,
        AddressLocked,
    }

    public sealed record Result(Outcome Outcome, Account? Account = null, DateTimeOffset? LockedUntil = null);

    public static string HashPassword(Account account, string password) => Hasher.HashPassword(account, password);

    public async Task<Result> CheckPasswordAsync(
        string? userName,
        string? password,
        string? address,
        CancellationToken ct
    )
    {
        if (await AddressLockedUntilAsync(address, ct) is { } until)
        {
            return new Result(Outcome.AddressLocked, LockedUntil: until);
        }

        var account = string.IsNullOrWhiteSpace(userName) ? null : await accounts.FindByUserNameAsync(userName, ct);
        if (account is null || account.PasswordHash is null || !account.IsActive)
        {
            Hasher.VerifyHashedPassword(new Account(), DummyHash, password ?? "");
            await AddressFailureAsync(address, ct);
            return new Result(Outcome.Failed);
        }

        if (account.LockedUntil > time.GetUtcNow())
        {
            return new Result(Outcome.Locked, account, account.LockedUntil);
        }

        var verified = Hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
        if (verified == PasswordVerificationResult.Failed)
        {
            return await FailAsync(account, address, ct);
        }

        return new Result(Outcome.Success, await SucceedAsync(account, ct));
    }

    /// <summary>
    /// A TOTP code (a code is good once: the step must be newer than the last accepted), or a recovery code.
    /// </summary>
    public async Task<Result> CheckSecondFactorAsync(
        Guid accountId,
        string? code,
        string? recoveryCode,
        string? address,
        CancellationToken ct
    )
    {
        if (await AddressLockedUntilAsync(address, ct) is { } until)
        {
            return new Result(Outcome.AddressLocked, LockedUntil: until);
        }

        var account = await accounts.FindAsync(accountId, ct);
        if (account is not { IsActive: true } || account.TotpSecretEncrypted is null)
        {
            return new Result(Outcome.Failed);
        }

        if (account.LockedUntil > time.GetUtcNow())
        {
            return new Result(Outcome.Locked, account, account.LockedUntil);
        }

        if (!string.IsNullOrWhiteSpace(recoveryCode))
        {
            return await UseRecoveryCodeAsync(account, recoveryCode, address, ct);
        }

        var step = Totp.Verify(protector.Decrypt(account.TotpSecretEncrypted), code, time.GetUtcNow());
        if (step is null || step <= account.TotpLastStep)
        {
            return await FailAsync(account, address, ct);
        }

        var saved = await accounts.ChangeAsync(
            account.AccountId,
            a =>
            {
                a.TotpLastStep = step;
                a.FailedAttempts = 0;
                return null;
            },
            revokeTokens: false,
            ct
        );
        return new Result(Outcome.Success, saved);
    }

    private async Task<Result> UseRecoveryCodeAsync(
        Account account,
        string recoveryCode,
        string? address,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE recovery_codes SET used_at = @now
            WHERE account_id = @accountId AND code_hash = @hash AND used_at IS NULL
            """;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            var used = await connection.ExecuteAsync(
                new CommandDefinition(
                    sql,
                    new
                    {
                        now = time.GetUtcNow(),
                        accountId = account.AccountId,
                        hash = RecoveryCodes.Hash(recoveryCode),
                    },
                    cancellationToken: ct
                )
            );
            if (used == 0)
            {
                return await FailAsync(account, address, ct);
            }
        }

        var context = new AccountChangeContext(
            new Actor(ActorKinds.User, account.Subject),
            "recovery code used to sign in",
            address
        );
        var saved = await accounts.ChangeAsync(
            account.AccountId,
            a =>
            {
                a.FailedAttempts = 0;
                return AccountEvents.Describe(
                    new AccountSecurityChanged
                    {
                        AggregateId = "",
                        AggregateVersion = 0,
                        Actor = context.Actor,
                        Reason = "",
                        OccurredAt = time.GetUtcNow(),
                        AccountId = a.AccountId,
                        AccountRole = "",
                        Role = "",
                        Status = "",
                        Change = "recovery_code_used",
                    },
                    a,
                    context
                );
            },
            revokeTokens: false,
            ct
        );
        return new Result(Outcome.Success, saved);
    }

    private async Task<Account> SucceedAsync(Account account, CancellationToken ct) =>
        account.FailedAttempts == 0
            ? account
            : await accounts.ChangeAsync(
                account.AccountId,
                a =>
                {
                    a.FailedAttempts = 0;
                    return null;
                },
                revokeTokens: false,
                ct
            );

    private async Task<Result> FailAsync(Account account, string? address, CancellationToken ct)
    {
        await AddressFailureAsync(address, ct);
        var now = time.GetUtcNow();
        var context = new AccountChangeContext(
            Actor.System("identity-sign-in"),
            $"{options.MaxFailures} failed sign-in attempts",
            address
        );
        var saved = await accounts.ChangeAsync(
            account.AccountId,
            a =>
            {
                a.FailedAttempts++;
                if (a.FailedAttempts < options.MaxFailures)
                {
                    return null;
                }

                a.FailedAttempts = 0;
                a.LockedUntil = now.AddMinutes(options.LockMinutes);
                return AccountEvents.Describe(
                    new AccountSecurityChanged
                    {
                        AggregateId = "",
                        AggregateVersion = 0,
                        Actor = context.Actor,
                        Reason = "",
                        OccurredAt = now,
                        AccountId = a.AccountId,
                        AccountRole = "",
                        Role = "",
                        Status = "",
                        Change = "locked_out",
                    },
                    a,
                    context
                );
            },
            revokeTokens: false,
            ct
        );
        return saved.LockedUntil > now
            ? new Result(Outcome.Locked, saved, saved.LockedUntil)
            : new Result(Outcome.Failed, saved);
    }

    private async Task<DateTimeOffset?> AddressLockedUntilAsync(string? address, CancellationToken ct)
    {
        if (address is null)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var until = await connection.ExecuteScalarAsync<DateTimeOffset?>(
            new CommandDefinition(
                "SELECT locked_until FROM address_failures WHERE address = @address",
                new { address },
                cancellationToken: ct
            )
        );
        return until > time.GetUtcNow() ? until : null;
    }

    /// <summary>
    /// Counts a failure for the address in a fixed window; past the limit the address is refused for the lock time.
    /// </summary>
    private async Task AddressFailureAsync(string? address, CancellationToken ct)
    {
        if (address is null)
        {
            return;
        }

        const string sql = """
            INSERT INTO address_failures (address, window_start, failures) VALUES (@address, @now, 1)
            ON CONFLICT (address) DO UPDATE SET
                window_start = CASE WHEN address_failures.window_start < @windowStart
                                    THEN @now ELSE address_failures.window_start END,
                failures = CASE WHEN address_failures.window_start < @windowStart
                                THEN 1 ELSE address_failures.failures + 1 END,
                locked_until = CASE WHEN address_failures.window_start >= @windowStart
                                         AND address_failures.failures + 1 >= @max
                                    THEN @lockedUntil ELSE address_failures.locked_until END
            """;
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    address,
                    now,
                    windowStart = now.AddMinutes(-options.AddressWindowMinutes),
                    max = options.AddressMaxFailures,
                    lockedUntil = now.AddMinutes(options.LockMinutes),
                },
                cancellationToken: ct
            )
        );
    }
}
