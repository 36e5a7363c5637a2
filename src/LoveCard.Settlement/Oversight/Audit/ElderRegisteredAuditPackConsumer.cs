using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// The registrations a roster import packed (ADR 0051) enter the trail through
/// <see cref="ElderRegisteredAuditConsumer"/> as a batch: one entry each, with the message id derived from the
/// pack's (<see cref="PackItemIds"/>).
/// </summary>
public sealed class ElderRegisteredAuditPackConsumer(IServiceProvider services)
    : InboxPackConsumer<EldersImported, ElderRegistered, ElderRegisteredAuditConsumer>(services)
{
    protected override IReadOnlyList<ElderRegistered> Unpack(EldersImported pack) => pack.Registered;
}
