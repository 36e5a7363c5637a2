using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Oversight.Audit;

public sealed class PayoutPaidAuditConsumer(IServiceProvider s) : AuditConsumer<PayoutPaid>(s);
