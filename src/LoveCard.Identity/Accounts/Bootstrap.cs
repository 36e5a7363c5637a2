using Dapper;
using LoveCard.Contracts;
using LoveCard.Identity.SignIn;
using Npgsql;

namespace LoveCard.Identity.Accounts;

/// <summary>
/// Makes the configured first province admin once (an advisory lock keeps two instances from both doing it).
/// </summary>
public sealed class Bootstrap(
    NpgsqlDataSource dataSource,
    AccountStore accounts,
    BootstrapOptions options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<Bootstrap> logger
)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.UserName) || string.IsNullOrEmpty(options.Password))
        {
            return;
        }

        if (PasswordRules.Check(options.Password, options.UserName).Count > 0)
        {
            logger.LogError("Identity:Bootstrap:Password does not meet the password rules; no bootstrap account made");
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtext('lovecard.identity.bootstrap'))",
                transaction: transaction,
                cancellationToken: ct
            )
        );
        var exists = await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE account_role = 'province_admin')",
                transaction: transaction,
                cancellationToken: ct
            )
        );
        if (!exists)
        {
            var account = new Account
            {
                AccountId = Guid.CreateVersion7(time.GetUtcNow()),
                AccountRole = AccountRoles.ProvinceAdmin,
                Status = AccountStatuses.Active,
                UserName = options.UserName.Trim().ToLowerInvariant(),
                DisplayName = options.DisplayName,
                MustChangePassword = options.MustChangePassword || !environment.IsDevelopment(),
            };
            account.PasswordHash = SignInService.HashPassword(account, options.Password);
            var context = new AccountChangeContext(
                Actor.System("identity-bootstrap"),
                "first province admin from configuration",
                null
            );
            await accounts.InsertAsync(connection, transaction, account, context, ct);
            logger.LogInformation("Bootstrap province admin {UserName} made", account.UserName);
        }

        await transaction.CommitAsync(ct);
    }
}
