using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// The classifications a roster import packed (ADR 0051) enter the trail through
/// <see cref="ElderClassifiedAuditConsumer"/> as a batch: one entry each, with the message id derived from the
/// pack's (<see cref="PackItemIds"/>).
/// </summary>
public sealed class ElderClassifiedAuditPackConsumer(IServiceProvider services)
    : InboxPackConsumer<EldersImported, ElderClassified, ElderClassifiedAuditConsumer>(services)
{
    protected override IReadOnlyList<ElderClassified> Unpack(EldersImported pack) => pack.Classified;
}
