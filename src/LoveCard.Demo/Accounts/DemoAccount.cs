namespace LoveCard.Demo.Accounts;

/// <summary>
/// A demo account as the demo left it: Development-only password and TOTP secret (kept in .run/demo-accounts.json).
/// </summary>
public sealed record DemoAccount(string UserName, string AccountRole, string Who, string? Password, string? TotpSecret);
