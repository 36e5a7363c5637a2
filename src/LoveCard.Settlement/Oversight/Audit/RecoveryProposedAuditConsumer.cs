using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>Every step of a recovery (追回) is in the audit trail (DOMAIN.md §8 "Recovery").</summary>
public sealed class RecoveryProposedAuditConsumer(IServiceProvider s) : AuditConsumer<RecoveryProposed>(s);
