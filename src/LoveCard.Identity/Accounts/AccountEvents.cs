using LoveCard.Contracts.Identity;

namespace LoveCard.Identity.Accounts;

/// <summary>Fills the state every account event carries from the account after the change.</summary>
public static class AccountEvents
{
    /// <summary>
    /// An empty event of the type, to be filled by <see cref="Describe"/> and a <c>with</c>: records with
    /// required members meet no <c>new()</c> constraint, and <c>with</c> on a blank keeps the runtime type.
    /// </summary>
    public static TEvent Blank<TEvent>(DateTimeOffset now)
        where TEvent : AccountEvent =>
        ((TEvent)Activator.CreateInstance(typeof(TEvent))!) with
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Contracts.Actor.System("identity"),
            Reason = "",
            OccurredAt = now,
            AccountId = Guid.Empty,
            AccountRole = "",
            Role = "",
            Status = "",
        };

    public static TEvent Describe<TEvent>(TEvent blank, Account account, AccountChangeContext context)
        where TEvent : AccountEvent =>
        blank with
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
            Area = account.Area,
            ProviderId = account.ProviderId,
            ElderId = account.ElderId,
            PhoneMasked = account.PhoneMasked,
            RemoteAddress = context.RemoteAddress,
        };
}
