using LoveCard.Identity.Accounts;
using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LoveCard.Identity.Pages.Account;

/// <summary>
/// What the sign-in pages share: the return address (local only), the client address, errors, the next step.
/// </summary>
public abstract class SignInPageModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public List<string> Errors { get; } = [];

    protected string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>Only a local address: the sign-in pages are no open redirect.</summary>
    protected string SafeReturnUrl => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/account";

    protected string WithReturn(string page) => page + "?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl);

    /// <summary>
    /// Records the step reached in the cookie and goes to the next page (or back to the client when done).
    /// </summary>
    protected async Task<IActionResult> ContinueAsync(LoveCard.Identity.Accounts.Account account, bool totpPassed)
    {
        var stage = SignInSession.NextStage(account, totpPassed);
        await SignInSession.SignInAsync(HttpContext, account.AccountId, stage, totpPassed);
        return Redirect(stage == SignInSession.Complete ? SafeReturnUrl : WithReturn(SignInSession.PageFor(stage)));
    }

    protected IActionResult LockedOut(DateTimeOffset? until) =>
        RedirectToPage("/Account/LockedOut", new { until = until?.ToUnixTimeSeconds() });

    /// <summary>
    /// The signed-in account at the given stage, or null (then the page sends the person back to sign in).
    /// </summary>
    protected async Task<(LoveCard.Identity.Accounts.Account Account, SignInSession.State State)?> CurrentAsync(
        AccountStore accounts,
        params string[] stages
    )
    {
        var state = await SignInSession.ReadAsync(HttpContext);
        if (
            state is null
            || !stages.Contains(state.Stage)
            || await accounts.FindAsync(state.AccountId, HttpContext.RequestAborted) is not { IsActive: true } account
        )
        {
            return null;
        }

        return (account, state);
    }

    protected IActionResult BackToSignIn() => Redirect(WithReturn("/account/login"));
}
