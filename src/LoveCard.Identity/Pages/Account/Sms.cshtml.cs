using LoveCard.Hosting.PersonalData;
using LoveCard.Identity.Accounts;
using LoveCard.Identity.SignIn;
using LoveCard.Identity.Sms;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Identity.Pages.Account;

/// <summary>
/// Elders and family agents: mobile number, then the SMS code. The page answers the same whether or
/// not the number has an account (no probing of who is registered); only an account gets a message.
/// </summary>
public sealed class SmsModel(
    AccountStore accounts,
    SmsCodes codes,
    PersonalDataProtector protector,
    SignInOptions options,
    ILogger<SmsModel> logger
) : SignInPageModel
{
    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public bool CodeSent { get; private set; }

    public string MaskedPhone => Phone is { Length: > 0 } p ? PersonalDataProtector.MaskPhone(p) : "";

    public int Minutes => options.SmsCodeMinutes;

    public void OnGet() { }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        var phone = PhoneNumbers.Normalise(Phone);
        if (phone is null || !PhoneNumbers.IsMobile(phone))
        {
            Errors.Add("请输入 11 位手机号。");
            return Page();
        }

        Phone = phone;
        var hash = protector.Hash(phone);
        if (await accounts.FindByPhoneHashAsync(hash, ct) is { IsActive: true })
        {
            try
            {
                if (await codes.SendAsync(phone, hash, ct) == SmsCodes.SendOutcome.TooSoon)
                {
                    Errors.Add("验证码已发送，请稍等一分钟再重新获取。");
                }
            }
            catch (InvalidOperationException e)
            {
                logger.LogError(e, "SMS sign-in is unavailable");
                Errors.Add("短信服务暂不可用，请稍后再试或联系社区工作人员。");
                return Page();
            }
        }

        CodeSent = true;
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var phone = PhoneNumbers.Normalise(Phone);
        if (phone is null)
        {
            return RedirectToPage(new { returnUrl = ReturnUrl });
        }

        Phone = phone;
        var hash = protector.Hash(phone);
        if (
            !await codes.VerifyAsync(hash, Code, ct)
            || await accounts.FindByPhoneHashAsync(hash, ct) is not { IsActive: true } account
        )
        {
            Errors.Add("验证码不正确或已过期，请重新获取。");
            CodeSent = true;
            return Page();
        }

        // The SMS code is the second thing the person has: an elder's or agent's sign-in is complete.
        await SignInSession.SignInAsync(HttpContext, account.AccountId, SignInSession.Complete, totpPassed: false);
        return Redirect(SafeReturnUrl);
    }
}
