using System.Security.Cryptography;
using System.Text.RegularExpressions;
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

/// <summary>The account tree's rules applied to each change an administrator asks for.</summary>
public sealed partial class AccountAdministration(
    NpgsqlDataSource dataSource,
    AccountStore accounts,
    IdentityServerOptions options,
    PersonalDataProtector protector,
    TimeProvider time
)
{
    public async Task<(Account Account, string? InitialPassword)> CreateAsync(
        HttpContext http,
        AccountsApi.CreateAccountRequest body,
        CancellationToken ct
    )
    {
        var grantor = await Grantor.RequireAsync(http.Caller(), accounts, options, ct);
        var errors = new ValidationErrors();
        var role = body.AccountRole?.Trim() ?? "";
        if (!AccountRoles.All.Contains(role) || role == AccountRoles.Agent)
        {
            errors.Add(
                "accountRole",
                "invalid_account_role",
                "accountRole is one of "
                    + string.Join(", ", AccountRoles.All.Where(r => r != AccountRoles.Agent))
                    + " (agents come from consents)."
            );
        }

        if (string.IsNullOrWhiteSpace(body.DisplayName) && role != AccountRoles.Elder)
        {
            errors.Add("displayName", "display_name_required", "displayName is 1 to 50 characters.");
        }

        var account = new Account
        {
            AccountId = Guid.CreateVersion7(time.GetUtcNow()),
            AccountRole = role,
            Status = AccountStatuses.Active,
            DisplayName = body.DisplayName?.Trim() ?? "",
        };
        string? password = null;
        if (AccountRoles.Staff.Contains(role))
        {
            var userName = body.UserName?.Trim().ToLowerInvariant();
            if (userName is null || !UserNamePattern().IsMatch(userName))
            {
                errors.Add(
                    "userName",
                    "invalid_user_name",
                    "userName is 3 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter."
                );
            }

            account.UserName = userName;
            password = NewInitialPassword();
            account.PasswordHash = SignInService.HashPassword(account, password);
            account.MustChangePassword = true;
        }

        if (AccountRoles.IsCountyRole(role) || role == AccountRoles.BureauAdmin)
        {
            if (body.County is not { Length: 6 } c || !c.All(char.IsAsciiDigit))
            {
                errors.Add("county", "invalid_county", "county is a 6-digit county code.");
            }

            account.County = body.County;
        }

        if (AccountRoles.IsProviderRole(role))
        {
            if (body.ProviderId is null)
            {
                errors.Add("providerId", "provider_required", "A provider's account names its providerId.");
            }

            account.ProviderId = body.ProviderId;
        }

        if (role == AccountRoles.Elder)
        {
            var phone = PhoneNumbers.Normalise(body.Phone);
            if (body.ElderId is null)
            {
                errors.Add("elderId", "elder_required", "An elder's account names the elderId.");
            }

            if (phone is null || !PhoneNumbers.IsMobile(phone))
            {
                errors.Add("phone", "invalid_phone", "An elder signs in with an 11-digit mobile number.");
            }
            else
            {
                account.PhoneHash = protector.Hash(phone);
                account.PhoneMasked = PersonalDataProtector.MaskPhone(phone);
            }

            account.ElderId = body.ElderId;
        }

        errors.ThrowIfAny();
        await RequireMayGrantAsync(grantor, account, role, ct);
        if (role == AccountRoles.Elder && string.IsNullOrWhiteSpace(account.DisplayName))
        {
            account.DisplayName = await ElderNameAsync(account.ElderId!.Value, ct) ?? "老年人";
        }

        await accounts.InsertAsync(account, Context(http, grantor, body.Reason ?? "account created"), ct);
        return (account, password);
    }

    /// <summary>
    /// Checks the role and where: a provider's admin needs a whitelisted provider of the county; an elder's account an
    /// elder of it.
    /// </summary>
    private async Task RequireMayGrantAsync(Grantor grantor, Account target, string role, CancellationToken ct)
    {
        var county = target.County;
        if (target.ProviderId is { } provider)
        {
            var facts = await accounts.ProviderAsync(provider, ct)
                ?? throw new RuleViolationException(
                    "provider_unknown",
                    "Identity has not heard of this provider (whitelist publishes it).",
                    "providerId"
                );
            if (role == AccountRoles.ProviderAdmin && facts.Status != "whitelisted")
            {
                throw new RuleViolationException(
                    "provider_not_whitelisted",
                    "A provider's first admin account is made once it is whitelisted.",
                    "providerId"
                );
            }

            county = facts.County;
            target.County = facts.County;
        }

        if (target.ElderId is { } elder)
        {
            county = await accounts.ElderCountyAsync(elder, ct)
                ?? throw new RuleViolationException(
                    "elder_unknown",
                    "Identity has not heard of this elder (eligibility publishes the register).",
                    "elderId"
                );
            target.County = county;
        }

        if (!grantor.MayGrant(role, county, target.ProviderId))
        {
            throw new ForbiddenException(
                $"A {grantor.AccountRole} may not give the role {role} here: nobody grants a role above their own "
                    + "or outside their county or provider."
            );
        }
    }

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

        var context = Context(http, grantor, RequireReason(body.Reason));
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

        var context = Context(http, grantor, RequireReason(reason));
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

        var password = NewInitialPassword();
        var context = Context(http, grantor, RequireReason(reason));
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
        var context = Context(http, grantor, RequireReason(reason));
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

    private async Task<string?> ElderNameAsync(Guid elderId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(
                "SELECT masked_name FROM elders WHERE elder_id = @elderId",
                new { elderId },
                cancellationToken: ct
            )
        );
    }

    private AccountChangeContext Context(HttpContext http, Grantor grantor, string reason) =>
        new(new Actor(ActorKinds.User, grantor.Subject), reason, http.Connection.RemoteIpAddress?.ToString());

    private static string RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? throw new BadInputException("reason", "reason_required", "Say why (reason), for the audit trail.")
            : reason.Trim();

    private TEvent Blank<TEvent>()
        where TEvent : AccountEvent => AccountEvents.Blank<TEvent>(time.GetUtcNow());

    /// <summary>
    /// 16 characters of four kinds from a cryptographic source; shown once, changed at the first sign-in.
    /// </summary>
    public static string NewInitialPassword()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz",
            upper = "ABCDEFGHJKLMNPQRSTUVWXYZ",
            digits = "23456789",
            symbols = "!@#%*+-=?";
        var all = lower + upper + digits + symbols;
        var chars = new[] { Pick(lower), Pick(upper), Pick(digits), Pick(symbols) }
            .Concat(Enumerable.Range(0, 12).Select(_ => Pick(all)))
            .ToArray();
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);

        static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{2,63}$")]
    private static partial Regex UserNamePattern();
}
