using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using MassTransit;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// Records every integration event of its type in the audit trail, once (the inbox drops a
/// redelivery). No <c>VersionStream</c>: the trail keeps every event, also those that arrive late.
/// MassTransit needs a concrete consumer per event type, hence the one-line classes below.
/// </summary>
public abstract class AuditConsumer<TEvent>(IServiceProvider services) : InboxConsumer<TEvent>(services)
    where TEvent : IntegrationEvent
{
    private readonly AuditTrail _trail = services.GetRequiredService<AuditTrail>();

    protected override Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct) =>
        _trail.AppendAsync(scope.Connection, scope.Transaction, scope.Context.MessageId!.Value, message, ct);
}
