using LoveCard.Contracts.Eligibility;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>A recorded death, with its date, into the audit trail (DOMAIN.md §8 "Death").</summary>
public sealed class ElderDiedAuditConsumer(IServiceProvider s) : AuditConsumer<ElderDied>(s);
