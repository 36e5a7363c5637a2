using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Identity.ReadModels;

/// <summary>A roster import's classifications, many a message (ADR 0051), applied by
/// <see cref="ElderClassifiedConsumer"/> in one transaction.</summary>
public sealed class ElderClassifiedPackConsumer(IServiceProvider services)
    : InboxPackConsumer<EldersImported, ElderClassified, ElderClassifiedConsumer>(services)
{
    protected override IReadOnlyList<ElderClassified> Unpack(EldersImported pack) => pack.Classified;
}
