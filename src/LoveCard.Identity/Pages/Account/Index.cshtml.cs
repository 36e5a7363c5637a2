using LoveCard.Identity.Accounts;
using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Identity.Pages.Account;

/// <summary>Where a completed sign-in without a client lands.</summary>
public sealed class IndexModel(AccountStore accounts) : SignInPageModel
{
    public string DisplayName { get; private set; } = "";

    public bool CanChangePassword { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CurrentAsync(accounts, SignInSession.Complete) is not { } current)
        {
            return BackToSignIn();
        }

        DisplayName = current.Account.DisplayName;
        CanChangePassword = current.Account.PasswordHash is not null;
        return Page();
    }
}
