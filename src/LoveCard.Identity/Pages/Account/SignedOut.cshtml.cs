using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LoveCard.Identity.Pages.Account;

public sealed class SignedOutModel : PageModel
{
    public void OnGet() { }
}
