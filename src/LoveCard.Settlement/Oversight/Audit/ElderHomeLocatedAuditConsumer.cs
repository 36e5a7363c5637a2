using LoveCard.Contracts.Eligibility;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>A change of the point of an elder's home into the audit trail (DOMAIN.md §8 "Home visits").</summary>
public sealed class ElderHomeLocatedAuditConsumer(IServiceProvider s) : AuditConsumer<ElderHomeLocated>(s);
