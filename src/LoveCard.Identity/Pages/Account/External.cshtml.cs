using LoveCard.Contracts;
using LoveCard.Contracts.Identity;
using LoveCard.Identity.Accounts;
using LoveCard.Identity.Federation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Identity.Pages.Account;

/// <summary>
/// Back from the external provider: map its claims, find or make the bound staff account (its role
/// and county follow the directory), then continue with the steps the account still needs.
/// </summary>
public sealed class ExternalModel(
    AccountStore accounts,
    FederationOptions options,
    TimeProvider time,
    ILogger<ExternalModel> logger
) : SignInPageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = options.Enabled ? await HttpContext.AuthenticateAsync(FederationSetup.CookieScheme) : null;
        if (result?.Succeeded != true)
        {
            Errors.Add("统一身份认证未完成，请重试。");
            return Page();
        }

        await HttpContext.SignOutAsync(FederationSetup.CookieScheme);
        var (staff, refusal) = ExternalClaimMapper.Map(result.Principal!, options);
        if (staff is null)
        {
            logger.LogWarning("Federated sign-in refused: {Refusal}", refusal);
            Errors.Add("您在统一身份认证中的岗位未开通爱心卡系统权限，请联系管理员。");
            return Page();
        }

        var context = new AccountChangeContext(
            Actor.System("federation:" + staff.Issuer),
            "role and county from the trusted directory",
            Address
        );
        var account = await accounts.FindByExternalAsync(staff.Issuer, staff.Subject, ct);
        if (account is null)
        {
            account = new LoveCard.Identity.Accounts.Account
            {
                AccountId = Guid.CreateVersion7(time.GetUtcNow()),
                AccountRole = staff.AccountRole,
                County = staff.County,
                DisplayName = staff.DisplayName,
                Status = AccountStatuses.Active,
                ExternalIssuer = staff.Issuer,
                ExternalSubject = staff.Subject,
            };
            await accounts.InsertAsync(account, context, ct);
        }
        else if (account.AccountRole != staff.AccountRole || account.County != staff.County)
        {
            var previous = account.AccountRole;
            account = await accounts.ChangeAsync(
                account.AccountId,
                a =>
                {
                    a.AccountRole = staff.AccountRole;
                    a.County = staff.County;
                    return AccountEvents.Describe(
                        AccountEvents.Blank<AccountRoleChanged>(time.GetUtcNow()) with
                        {
                            PreviousAccountRole = previous,
                        },
                        a,
                        context
                    );
                },
                revokeTokens: true,
                ct
            );
        }

        if (!account.IsActive)
        {
            Errors.Add("您的账号已停用。");
            return Page();
        }

        return await ContinueAsync(account, totpPassed: staff.SecondFactorDone);
    }
}
