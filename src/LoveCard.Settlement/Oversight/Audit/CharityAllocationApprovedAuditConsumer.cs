using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Oversight.Audit;

public sealed class CharityAllocationApprovedAuditConsumer(IServiceProvider s)
    : AuditConsumer<CharityAllocationApproved>(s);
