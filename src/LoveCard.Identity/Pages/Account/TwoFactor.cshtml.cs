using LoveCard.Identity.Accounts;
using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Identity.Pages.Account;

/// <summary>The TOTP prompt (or a recovery code) after the password, for an account that has enrolled.</summary>
public sealed class TwoFactorModel(AccountStore accounts, SignInService signIn) : SignInPageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? RecoveryCode { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await CurrentAsync(accounts, SignInSession.NeedsTotp) is null ? BackToSignIn() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await CurrentAsync(accounts, SignInSession.NeedsTotp) is not { } current)
        {
            return BackToSignIn();
        }

        var result = await signIn.CheckSecondFactorAsync(current.Account.AccountId, Code, RecoveryCode, Address, ct);
        switch (result.Outcome)
        {
            case SignInService.Outcome.Success:
                return await ContinueAsync(result.Account!, totpPassed: true);
            case SignInService.Outcome.Locked:
            case SignInService.Outcome.AddressLocked:
                await SignInSession.SignOutAsync(HttpContext);
                return LockedOut(result.LockedUntil);
            default:
                Errors.Add("验证码不正确或已使用，请输入身份验证器上的最新验证码。");
                return Page();
        }
    }
}
