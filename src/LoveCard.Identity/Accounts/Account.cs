namespace LoveCard.Identity.Accounts;

/// <summary>An account as stored (a Dapper row: settable properties).</summary>
public sealed class Account
{
    public Guid AccountId { get; set; }

    public string AccountRole { get; set; } = "";

    public string? UserName { get; set; }

    public string DisplayName { get; set; } = "";

    public string? County { get; set; }

    /// <summary>A township or village official's division code (9 or 12 digits, inside <see cref="County"/>).</summary>
    public string? Area { get; set; }

    public Guid? ProviderId { get; set; }

    public Guid? ElderId { get; set; }

    public string? PhoneHash { get; set; }

    public string? PhoneMasked { get; set; }

    public string? PasswordHash { get; set; }

    public bool MustChangePassword { get; set; }

    public string? TotpSecretEncrypted { get; set; }

    public DateTimeOffset? TotpEnabledAt { get; set; }

    public long? TotpLastStep { get; set; }

    public string Status { get; set; } = AccountStatuses.Active;

    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public string? ExternalIssuer { get; set; }

    public string? ExternalSubject { get; set; }

    public long Version { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsActive => Status == AccountStatuses.Active;

    public bool TotpEnrolled => TotpEnabledAt is not null;

    public string Subject => AccountId.ToString();
}
