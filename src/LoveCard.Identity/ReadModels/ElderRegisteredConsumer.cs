using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Identity.ReadModels;

public sealed class ElderRegisteredConsumer(IServiceProvider services) : InboxConsumer<ElderRegistered>(services)
{
    protected override string? VersionStream => "elder";

    protected override Task HandleAsync(ElderRegistered message, ConsumeScope scope, CancellationToken ct) =>
        ElderFacts.UpsertAsync(scope, message.ElderId, message.HomeCounty, message.MaskedName, ct);
}
