using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Oversight.Audit;

public sealed class BudgetLinesChangedAuditConsumer(IServiceProvider s) : AuditConsumer<BudgetLinesChanged>(s);
