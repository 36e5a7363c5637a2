using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Identity.ReadModels;

public sealed class ElderClassifiedConsumer(IServiceProvider services) : InboxConsumer<ElderClassified>(services)
{
    protected override string? VersionStream => "elder";

    protected override Task HandleAsync(ElderClassified message, ConsumeScope scope, CancellationToken ct) =>
        ElderFacts.UpsertAsync(scope, message.ElderId, message.HomeCounty, message.MaskedName, ct);
}
