using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Identity.ReadModels;

/// <summary>A roster import's new elders, many a message (ADR 0051), applied by
/// <see cref="ElderRegisteredConsumer"/> in one transaction.</summary>
public sealed class ElderRegisteredPackConsumer(IServiceProvider services)
    : InboxPackConsumer<EldersImported, ElderRegistered, ElderRegisteredConsumer>(services)
{
    protected override IReadOnlyList<ElderRegistered> Unpack(EldersImported pack) => pack.Registered;
}
