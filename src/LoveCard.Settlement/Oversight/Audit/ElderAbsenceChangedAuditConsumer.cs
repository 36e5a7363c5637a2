using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>An absence shortened or withdrawn, with its reason, into the audit trail.</summary>
public sealed class ElderAbsenceChangedAuditConsumer(IServiceProvider s) : AuditConsumer<ElderAbsenceChanged>(s);
