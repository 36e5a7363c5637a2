using Dapper;
using LoveCard.Contracts.Identity;
using LoveCard.Identity.Accounts;
using Npgsql;

namespace LoveCard.Identity.SignIn;

/// <summary>Stores a confirmed TOTP secret with fresh recovery codes, and the event that says so.</summary>
public sealed class EnrolmentStore(NpgsqlDataSource dataSource, AccountStore accounts, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> EnrolAsync(
        Guid accountId,
        string sealedSecret,
        long step,
        AccountChangeContext context,
        CancellationToken ct
    )
    {
        var codes = RecoveryCodes.New();
        await accounts.ChangeAsync(
            accountId,
            a =>
            {
                a.TotpSecretEncrypted = sealedSecret;
                a.TotpEnabledAt = time.GetUtcNow();
                a.TotpLastStep = step;
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
                        Change = "totp_enrolled",
                    },
                    a,
                    context
                );
            },
            revokeTokens: false,
            ct
        );

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM recovery_codes WHERE account_id = @accountId",
                new { accountId },
                transaction,
                cancellationToken: ct
            )
        );
        await connection.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO recovery_codes (account_id, code_hash) SELECT @accountId, unnest(@hashes)",
                new { accountId, hashes = codes.Select(RecoveryCodes.Hash).ToArray() },
                transaction,
                cancellationToken: ct
            )
        );
        await transaction.CommitAsync(ct);
        return codes;
    }
}
