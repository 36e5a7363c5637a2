using LoveCard.Contracts;
using LoveCard.Contracts.Identity;
using LoveCard.Identity.Accounts;
using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Identity.Pages.Account;

/// <summary>
/// A password change: forced right after signing in with an initial password (no current password
/// asked, it was just typed), or chosen by a signed-in person (current password asked).
/// </summary>
public sealed class ChangePasswordModel(AccountStore accounts, TimeProvider time) : SignInPageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool Forced { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (
            await CurrentAsync(accounts, SignInSession.NeedsPasswordChange, SignInSession.Complete) is not { } current
            || current.Account.PasswordHash is null
        )
        {
            return BackToSignIn();
        }

        Forced = current.State.Stage == SignInSession.NeedsPasswordChange;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (
            await CurrentAsync(accounts, SignInSession.NeedsPasswordChange, SignInSession.Complete) is not { } current
            || current.Account.PasswordHash is null
        )
        {
            return BackToSignIn();
        }

        var account = current.Account;
        Forced = current.State.Stage == SignInSession.NeedsPasswordChange;
        var hasher = new PasswordHasher<LoveCard.Identity.Accounts.Account>();
        if (
            !Forced
            && hasher.VerifyHashedPassword(account, account.PasswordHash!, CurrentPassword ?? "")
                == PasswordVerificationResult.Failed
        )
        {
            Errors.Add("当前密码不正确。");
        }

        Errors.AddRange(PasswordRules.Check(NewPassword, account.UserName));
        if (NewPassword != ConfirmPassword)
        {
            Errors.Add("两次输入的新密码不一致。");
        }

        if (
            Errors.Count == 0
            && hasher.VerifyHashedPassword(account, account.PasswordHash!, NewPassword!)
                != PasswordVerificationResult.Failed
        )
        {
            Errors.Add("新密码不能与原密码相同。");
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var context = new AccountChangeContext(
            new Actor(ActorKinds.User, account.Subject),
            "password changed by its owner",
            Address
        );
        // Other sessions' refresh tokens end with the old password.
        var saved = await accounts.ChangeAsync(
            account.AccountId,
            a =>
            {
                a.PasswordHash = SignInService.HashPassword(a, NewPassword!);
                a.MustChangePassword = false;
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
                        Change = "password_changed",
                    },
                    a,
                    context
                );
            },
            revokeTokens: true,
            ct
        );
        return await ContinueAsync(saved, current.State.TotpPassed);
    }
}
