using LoveCard.Contracts.Identity;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>Identity's account change into the audit trail (who, what, when, from where).</summary>
public sealed class AccountEnabledAuditConsumer(IServiceProvider s) : AuditConsumer<AccountEnabled>(s);
