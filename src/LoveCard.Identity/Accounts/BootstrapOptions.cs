namespace LoveCard.Identity.Accounts;

/// <summary>
/// <c>Identity:Bootstrap</c>: the first province admin, made at start-up when no province admin
/// exists (nobody can grant that role through the API). Its password is an initial one, changed
/// at the first sign-in; only Development may waive that (the demo's printed password).
/// </summary>
public sealed class BootstrapOptions
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string DisplayName { get; set; } = "省级管理员";

    public bool MustChangePassword { get; set; } = true;
}
