using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>An anomaly confirmed or dismissed (and so its credit points kept or given back) into the audit
/// trail.</summary>
public sealed class AnomalyResolvedAuditConsumer(IServiceProvider s) : AuditConsumer<AnomalyResolved>(s);
