using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>A roster import's classifications, many a message (ADR 0051), counted by
/// <see cref="ElderClassifiedPublicStatsConsumer"/> in one transaction.</summary>
public sealed class ElderClassifiedPublicStatsPackConsumer(IServiceProvider services)
    : InboxPackConsumer<EldersImported, ElderClassified, ElderClassifiedPublicStatsConsumer>(services)
{
    protected override IReadOnlyList<ElderClassified> Unpack(EldersImported pack) => pack.Classified;
}
