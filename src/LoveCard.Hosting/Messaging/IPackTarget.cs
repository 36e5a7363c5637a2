using LoveCard.Contracts;
using MassTransit;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// A consumer of <typeparamref name="TEvent"/> that can also apply many of them carried in one message, a pack
/// (ADR 0051): in one transaction, with the pack's MessageId as the inbox key, each event applied as it would be alone
/// (the same version stream, the same handler). <see cref="InboxConsumer{TEvent}"/> and
/// <see cref="InboxBatchConsumer{TEvent}"/> are such consumers; <see cref="InboxPackConsumer{TPack,TEvent,TConsumer}"/>
/// feeds them.
/// </summary>
public interface IPackTarget<TEvent>
    where TEvent : IntegrationEvent
{
    /// <summary>Applies <paramref name="events"/>, in order, carried by the message of
    /// <paramref name="pack"/>.</summary>
    Task ConsumePackAsync(ConsumeContext pack, IReadOnlyList<TEvent> events);
}
