using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Identity.Oidc;

namespace LoveCard.Identity.Accounts;

/// <summary>
/// Who is asking to change accounts, as identity knows them: the caller's own account (by the
/// token's <c>sub</c>, re-read so a demoted or disabled admin cannot act on an old token), or a
/// machine client acting as its configured role. Tokens of anyone else grant nothing here.
/// </summary>
public sealed record Grantor(
    string Subject,
    string AccountRole,
    string? County,
    Guid? ProviderId,
    Guid? ElderId,
    string? PhoneHash
)
{
    public static async Task<Grantor?> ResolveAsync(
        Caller caller,
        AccountStore accounts,
        IdentityServerOptions options,
        CancellationToken ct
    )
    {
        if (
            Guid.TryParse(caller.Subject, out var id)
            && await accounts.FindAsync(id, ct) is { IsActive: true } account
            && AccountRoles.TokenRole(account.AccountRole) == caller.Role
        )
        {
            return new Grantor(
                account.Subject,
                account.AccountRole,
                account.County,
                account.ProviderId,
                account.ElderId,
                account.PhoneHash
            );
        }

        if (
            options.MachineClients.FirstOrDefault(c => c.ClientId == caller.Subject && c.Role == caller.Role)
                is { } client
            && client.Role == Roles.Province
        )
        {
            return new Grantor(client.ClientId, AccountRoles.ProvinceAdmin, null, null, null, null);
        }

        return null;
    }

    public static async Task<Grantor> RequireAsync(
        Caller caller,
        AccountStore accounts,
        IdentityServerOptions options,
        CancellationToken ct
    ) =>
        await ResolveAsync(caller, accounts, options, ct)
        ?? throw new ForbiddenException(
            "Only a person with an account here (or a configured machine client) may manage accounts."
        );

    public bool IsProvince => AccountRole == AccountRoles.ProvinceAdmin;

    /// <summary>
    /// May this grantor give <paramref name="role"/> to an account of <paramref name="county"/> /
    /// <paramref name="providerCounty"/> / <paramref name="provider"/>? Nobody grants above their
    /// own role or outside their county or provider.
    /// </summary>
    public bool MayGrant(string role, string? county, Guid? provider)
    {
        if (!AccountRoles.Grantable(AccountRole).Contains(role))
        {
            return false;
        }

        if (AccountRoles.IsProviderRole(AccountRole))
        {
            return provider is not null && provider == ProviderId;
        }

        return IsProvince || (county is not null && county == County);
    }
}
