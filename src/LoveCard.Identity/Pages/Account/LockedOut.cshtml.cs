using System.Globalization;
using LoveCard.Hosting;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LoveCard.Identity.Pages.Account;

/// <summary>Locked out: until when, in Asia/Shanghai time.</summary>
public sealed class LockedOutModel : PageModel
{
    public string? Until { get; private set; }

    public void OnGet(long? until)
    {
        if (until is { } seconds)
        {
            var local = Shanghai.ToLocal(DateTimeOffset.FromUnixTimeSeconds(seconds));
            Until = local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }
    }
}
