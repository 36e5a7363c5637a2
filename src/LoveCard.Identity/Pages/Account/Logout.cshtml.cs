using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LoveCard.Identity.Pages.Account;

/// <summary>Ends the identity session (a client's sign-out goes through /connect/endsession instead).</summary>
public sealed class LogoutModel : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await SignInSession.SignOutAsync(HttpContext);
        return RedirectToPage("/Account/SignedOut");
    }
}
