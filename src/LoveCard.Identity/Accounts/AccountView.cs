namespace LoveCard.Identity.Accounts;

/// <summary>What the accounts API shows of an account: never a secret or a hash; the phone masked.</summary>
public sealed record AccountView(
    Guid AccountId,
    string AccountRole,
    string Role,
    string? UserName,
    string DisplayName,
    string? County,
    Guid? ProviderId,
    Guid? ElderId,
    string? PhoneMasked,
    string Status,
    bool TwoFactorEnrolled,
    bool TwoFactorRequired,
    bool MustChangePassword,
    DateTimeOffset? LockedUntil,
    long Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Area
)
{
    public static AccountView Of(Account a) =>
        new(
            a.AccountId,
            a.AccountRole,
            AccountRoles.TokenRole(a.AccountRole),
            a.UserName,
            a.DisplayName,
            a.County,
            a.ProviderId,
            a.ElderId,
            a.PhoneMasked,
            a.Status,
            a.TotpEnrolled,
            AccountRoles.RequiresTotp(a.AccountRole),
            a.MustChangePassword,
            a.LockedUntil,
            a.Version,
            a.CreatedBy,
            a.CreatedAt,
            a.UpdatedAt,
            a.Area
        );
}
