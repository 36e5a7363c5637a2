using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Oversight.Audit;

public sealed class CharityWeightsChangedAuditConsumer(IServiceProvider s) : AuditConsumer<CharityWeightsChanged>(s);
