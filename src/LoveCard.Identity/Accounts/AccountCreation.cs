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

/// <summary>A new account, checked against the account tree's rules: the role's fields, then who may grant the role
/// where (nobody grants above their own role or outside their county or provider).</summary>
public sealed partial class AccountCreation(
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
            password = InitialPasswords.New();
            account.PasswordHash = SignInService.HashPassword(account, password);
            account.MustChangePassword = true;
        }

        if (AccountRoles.IsCountyRole(role) || role == AccountRoles.BureauAdmin || AccountRoles.IsAreaRole(role))
        {
            if (body.County is not { Length: 6 } c || !c.All(char.IsAsciiDigit))
            {
                errors.Add("county", "invalid_county", "county is a 6-digit county code.");
            }

            account.County = body.County;
        }

        if (AccountRoles.IsAreaRole(role))
        {
            var length = AccountRoles.AreaLength(role);
            var area = body.Area?.Trim();
            if (
                area is null
                || area.Length != length
                || !area.All(char.IsAsciiDigit)
                || !area.StartsWith(body.County ?? "", StringComparison.Ordinal)
            )
            {
                errors.Add(
                    "area",
                    "invalid_area",
                    $"area is the {length}-digit division code of the township or village, inside the county."
                );
            }

            account.Area = area;
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

        await accounts.InsertAsync(
            account,
            AccountChangeContext.By(http, grantor, body.Reason ?? "account created"),
            ct
        );
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

    [GeneratedRegex("^[a-z][a-z0-9._-]{2,63}$")]
    private static partial Regex UserNamePattern();
}
