using LoveCard.Contracts.Identity;

namespace LoveCard.Identity.Accounts;

/// <summary>Fills the state every account event carries from the account after the change.</summary>
public static class AccountEvents
{
    public static TEvent Describe<TEvent>(TEvent blank, Account account, AccountChangeContext context)
        where TEvent : AccountEvent => blank with
        {
            AggregateId = account.AccountId.ToString(),
            AggregateVersion = account.Version,
            Actor = context.Actor,
            Reason = context.Reason,
            AccountId = account.AccountId,
            AccountRole = account.AccountRole,
            Role = AccountRoles.TokenRole(account.AccountRole),
            Status = account.Status,
            UserName = account.UserName,
            County = account.County,
            ProviderId = account.ProviderId,
            ElderId = account.ElderId,
            PhoneMasked = account.PhoneMasked,
            RemoteAddress = context.RemoteAddress,
        };
}
