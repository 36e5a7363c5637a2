using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Cards.Provisioning;

/// <summary>
/// A roster import's classifications, up to 500 a message (ADR 0051), provisioned as one batch of
/// <see cref="ElderClassifiedConsumer"/>: the same inbox name (the pack's MessageId), the same "elder" version stream,
/// the same writes. Two packs at once, as two batches were (ADR 0046).
/// </summary>
[InboxPackShape(concurrencyLimit: 2)]
public sealed class ElderClassifiedPackConsumer(IServiceProvider services)
    : InboxPackConsumer<EldersImported, ElderClassified, ElderClassifiedConsumer>(services)
{
    protected override IReadOnlyList<ElderClassified> Unpack(EldersImported pack) => pack.Classified;
}
