using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Identity;
using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Identity.Oidc;
using LoveCard.Identity.SignIn;
using Npgsql;

namespace LoveCard.Identity.Accounts;

/// <summary>The account tree's rules applied to each change an administrator asks for (creation is
/// <see cref="AccountCreation"/>).</summary>
public sealed class AccountAdministration(
    NpgsqlDataSource dataSource,
    AccountStore accounts,
    IdentityServerOptions options,
    TimeProvider time
)
{
    public async Task<(long Total, IReadOnlyList<Account> Items)> ListAsync(
        HttpContext http,
        string? county,
        Guid? providerId,
        string? accountRole,
        PageRequest page,
        CancellationToken ct
    )
    {
        var grantor = await Grantor.RequireAsync(http.Caller(), accounts, options, ct);
        if (AccountRoles.IsProviderRole(grantor.AccountRole))
        {
            providerId = grantor.ProviderId;
            county = null;
        }
        else if (!grantor.IsProvince)
        {
            if (county is not null && county != grantor.County)
            {
                throw new ForbiddenException($"You may list your own county's accounts only, not {county}.");
            }

            county = grantor.County;
        }

        if (AccountRoles.Grantable(grantor.AccountRole).Count == 0)
        {
            throw new ForbiddenException("Your role manages no accounts.");
        }

        // q: part of the user name or the display name (ADR 0031).
        const string filter = """
            FROM accounts
            WHERE (@county::text IS NULL OR county = @county)
              AND (@providerId::uuid IS NULL OR provider_id = @providerId)
              AND (@accountRole::text IS NULL OR account_role = @accountRole) AND account_role = ANY(@roles)
              AND (@q::text IS NULL OR strpos(lower(coalesce(user_name, '')), lower(@q)) > 0
                   OR strpos(lower(display_name), lower(@q)) > 0)
            """;
        var orderBy = page.OrderBy is { Length: > 0 } order ? order : "created_at, account_id";
        var sql = $"""
            SELECT count(*) {filter};
            SELECT * {filter}
            ORDER BY {orderBy}
            LIMIT @PageSize OFFSET @Offset
            """;
        var result = await dataSource.QueryPageAsync<Account>(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    providerId,
                    accountRole,
                    roles = AccountRoles.Grantable(grantor.AccountRole).ToArray(),
                    q = page.Q,
                    page.PageSize,
                    page.Offset,
                },
                cancellationToken: ct
            )
        );
        return (result.Total, result.Items);
    }

    /// <summary>
    /// The account, if the caller manages it (may give its role where it is); else 404, so ids cannot be probed.
    /// </summary>
    public async Task<Account> VisibleAsync(HttpContext http, Guid accountId, CancellationToken ct)
    {
        var grantor = await Grantor.RequireAsync(http.Caller(), accounts, options, ct);
        var account = await accounts.FindAsync(accountId, ct);
        if (account is null || !grantor.MayGrant(account.AccountRole, account.County, account.ProviderId))
        {
            throw new NotFoundException("Account");
        }

        return account;
    }

    public async Task<Account> ChangeRoleAsync(
        HttpContext http,
        Guid accountId,
        AccountsApi.ChangeRoleRequest body,
        CancellationToken ct
    )
    {
        var grantor = await Grantor.RequireAsync(http.Caller(), accounts, options, ct);
        var current = await VisibleAsync(http, accountId, ct);
        var role = body.AccountRole?.Trim() ?? "";
        if (
            !AccountRoles.Staff.Contains(role)
            || AccountRoles.IsProviderRole(role) != AccountRoles.IsProviderRole(current.AccountRole)
            || AccountRoles.IsAreaRole(role) != AccountRoles.IsAreaRole(current.AccountRole)
            || (AccountRoles.IsAreaRole(role) && role != current.AccountRole)
            || current.UserName is null
        )
        {
            throw new BadInputException(
                "accountRole",
                "invalid_account_role",
                "A staff account moves between staff roles of the same kind (county roles, or a provider's roles)."
            );
        }

        if (!grantor.MayGrant(role, current.County, current.ProviderId))
        {
            throw new ForbiddenException($"A {grantor.AccountRole} may not give the role {role}.");
        }

        var context = AccountChangeContext.By(http, grantor, RequireReason(body.Reason));
        var previous = current.AccountRole;
        return await accounts.ChangeAsync(
            accountId,
            a =>
            {
                a.AccountRole = role;
                return AccountEvents.Describe(
                    Blank<AccountRoleChanged>() with
                    {
                        PreviousAccountRole = previous,
                    },
                    a,
                    context
                );
            },
            revokeTokens: true,
            ct
        );
    }

    public async Task<Account> SetStatusAsync(
        HttpContext http,
        Guid accountId,
        string status,
        string? reason,
        CancellationToken ct
    )
    {
        var grantor = await Grantor.RequireAsync(http.Caller(), accounts, options, ct);
        var current = await VisibleAsync(http, accountId, ct);
        if (current.Status == status)
        {
            throw new ConflictException(
                status == AccountStatuses.Disabled ? "account_already_disabled" : "account_already_enabled",
                $"The account is {status} already."
            );
        }

        var context = AccountChangeContext.By(http, grantor, RequireReason(reason));
        return await accounts.ChangeAsync(
            accountId,
            a =>
            {
                a.Status = status;
                a.LockedUntil = null;
                a.FailedAttempts = 0;
                return status == AccountStatuses.Disabled
                    ? AccountEvents.Describe(Blank<AccountDisabled>(), a, context)
                    : AccountEvents.Describe(Blank<AccountEnabled>(), a, context);
            },
            revokeTokens: status == AccountStatuses.Disabled,
            ct
        );
    }

    public async Task<(Account Account, string Password)> ResetPasswordAsync(
        HttpContext http,
        Guid accountId,
        string? reason,
        CancellationToken ct
    )
    {
        var grantor = await Grantor.RequireAsync(http.Caller(), accounts, options, ct);
        var current = await VisibleAsync(http, accountId, ct);
        if (current.UserName is null)
        {
            throw new ConflictException("no_password", "This account signs in with an SMS code; it has no password.");
        }

        var password = InitialPasswords.New();
        var context = AccountChangeContext.By(http, grantor, RequireReason(reason));
        var saved = await accounts.ChangeAsync(
            accountId,
            a =>
            {
                a.PasswordHash = SignInService.HashPassword(a, password);
                a.MustChangePassword = true;
                a.LockedUntil = null;
                a.FailedAttempts = 0;
                return AccountEvents.Describe(
                    Blank<AccountSecurityChanged>() with
                    {
                        Change = "password_reset",
                    },
                    a,
                    context
                );
            },
            revokeTokens: true,
            ct
        );
        return (saved, password);
    }

    public async Task<Account> ResetTwoFactorAsync(
        HttpContext http,
        Guid accountId,
        string? reason,
        CancellationToken ct
    )
    {
        var grantor = await Grantor.RequireAsync(http.Caller(), accounts, options, ct);
        await VisibleAsync(http, accountId, ct);
        var context = AccountChangeContext.By(http, grantor, RequireReason(reason));
        var saved = await accounts.ChangeAsync(
            accountId,
            a =>
            {
                a.TotpSecretEncrypted = null;
                a.TotpEnabledAt = null;
                a.TotpLastStep = null;
                return AccountEvents.Describe(
                    Blank<AccountSecurityChanged>() with
                    {
                        Change = "totp_reset",
                    },
                    a,
                    context
                );
            },
            revokeTokens: true,
            ct
        );
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM recovery_codes WHERE account_id = @accountId",
                new { accountId },
                cancellationToken: ct
            )
        );
        return saved;
    }

    private static string RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? throw new BadInputException("reason", "reason_required", "Say why (reason), for the audit trail.")
            : reason.Trim();

    private TEvent Blank<TEvent>()
        where TEvent : AccountEvent => AccountEvents.Blank<TEvent>(time.GetUtcNow());
}
