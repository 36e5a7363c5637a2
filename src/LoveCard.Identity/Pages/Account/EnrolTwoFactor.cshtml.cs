using LoveCard.Contracts;
using LoveCard.Contracts.Identity;
using LoveCard.Hosting.PersonalData;
using LoveCard.Identity.Accounts;
using LoveCard.Identity.SignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Identity.Pages.Account;

/// <summary>
/// TOTP enrolment: a new secret shown as a QR code (SVG, rendered here) and as a key to type; the
/// secret travels in a protected hidden field until the person proves the app works with a code.
/// Then the secret is stored (sealed), recovery codes are made and shown once.
/// </summary>
public sealed class EnrolTwoFactorModel(
    AccountStore accounts,
    EnrolmentStore enrolments,
    IDataProtectionProvider protection,
    PersonalDataProtector protector,
    TimeProvider time
) : SignInPageModel
{
    private IDataProtector Protector => protection.CreateProtector("lovecard.identity.totp-enrolment");

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? ProtectedSecret { get; set; }

    public string Secret { get; private set; } = "";

    public string QrSvg { get; private set; } = "";

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CurrentAsync(accounts, SignInSession.NeedsTotpEnrolment) is not { } current)
        {
            return BackToSignIn();
        }

        Show(current.Account, Totp.NewSecret());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await CurrentAsync(accounts, SignInSession.NeedsTotpEnrolment) is not { } current)
        {
            return BackToSignIn();
        }

        string secret;
        try
        {
            secret = Protector.Unprotect(ProtectedSecret ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return RedirectToPage(new { returnUrl = ReturnUrl });
        }

        var step = Totp.Verify(secret, Code, time.GetUtcNow());
        if (step is null)
        {
            Errors.Add("验证码不正确。请确认手机时间准确，并输入应用中最新的验证码。");
            Show(current.Account, secret);
            return Page();
        }

        var context = new AccountChangeContext(
            new Actor(ActorKinds.User, current.Account.Subject),
            "two-factor enrolment",
            Address
        );
        RecoveryCodes = await enrolments.EnrolAsync(
            current.Account.AccountId,
            protector.Encrypt(secret),
            step.Value,
            context,
            ct
        );
        await SignInSession.SignInAsync(
            HttpContext,
            current.Account.AccountId,
            SignInSession.NeedsTotpEnrolment,
            totpPassed: true
        );
        return Page();
    }

    /// <summary>After the recovery codes: on to the next step (the TOTP was just proven).</summary>
    public async Task<IActionResult> OnPostDoneAsync()
    {
        if (
            await CurrentAsync(accounts, SignInSession.NeedsTotpEnrolment) is not { } current
            || !current.State.TotpPassed
        )
        {
            return BackToSignIn();
        }

        return await ContinueAsync(current.Account, totpPassed: true);
    }

    private void Show(LoveCard.Identity.Accounts.Account account, string secret)
    {
        Secret = secret;
        ProtectedSecret = Protector.Protect(secret);
        QrSvg = LoveCard.Identity.SignIn.QrSvg.Render(Totp.Uri(secret, account.UserName ?? account.DisplayName));
    }
}
