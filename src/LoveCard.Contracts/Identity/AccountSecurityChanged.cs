namespace LoveCard.Contracts.Identity;

/// <summary>
/// A change to how the account signs in: <c>password_changed</c>, <c>password_reset</c>,
/// <c>totp_enrolled</c>, <c>totp_reset</c>, <c>recovery_code_used</c>, <c>locked_out</c>.
/// </summary>
public sealed record AccountSecurityChanged : AccountEvent
{
    public required string Change { get; init; }
}
