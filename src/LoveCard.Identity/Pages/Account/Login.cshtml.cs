using LoveCard.Identity.Federation;
using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Identity.Pages.Account;

/// <summary>Staff sign-in: user name and password, then the steps the account still needs.</summary>
public sealed class LoginModel(SignInService signIn, FederationOptions federation) : SignInPageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string SmsLink => WithReturn("/account/sms");

    public string? FederationName => federation.Enabled ? federation.DisplayName : null;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await signIn.CheckPasswordAsync(UserName, Password, Address, ct);
        switch (result.Outcome)
        {
            case SignInService.Outcome.Success:
                return await ContinueAsync(result.Account!, totpPassed: false);
            case SignInService.Outcome.Locked:
            case SignInService.Outcome.AddressLocked:
                return LockedOut(result.LockedUntil);
            default:
                Errors.Add("用户名或密码不正确。");
                return Page();
        }
    }

    public IActionResult OnPostExternal() =>
        federation.Enabled
            ? Challenge(
                new AuthenticationProperties
                {
                    RedirectUri = "/account/external?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl),
                },
                FederationSetup.Scheme
            )
            : NotFound();
}
