using System.Text.Json;
using System.Text.Json.Serialization;
using LoveCard.Contracts;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// An event made ready for the outbox, the columns <see cref="Outbox.AddAsync"/> fills: a version-7 message id, the
/// contract type's full name, the aggregate id and the body in the web defaults (camelCase). Made apart from the
/// write so a bulk writer can time serialising and copying on their own (<see cref="Outbox.CopyAsync"/>).
/// </summary>
public readonly record struct OutboxEntry(Guid MessageId, string MessageType, string AggregateId, string Body)
{
    /// <summary>
    /// The entry for <paramref name="message"/>; a source-generated <paramref name="context"/> with the same web
    /// defaults writes the same body without reflection per event.
    /// </summary>
    public static OutboxEntry Of(IntegrationEvent message, JsonSerializerContext? context = null) =>
        Of(message, message.AggregateId, context);

    /// <summary>
    /// The entry for a contracts message that is not an event itself, a pack of events (ADR 0051), under
    /// <paramref name="aggregateId"/> (the relay keeps one aggregate's rows in order).
    /// </summary>
    public static OutboxEntry Of(object message, string aggregateId, JsonSerializerContext? context = null)
    {
        var type = message.GetType();
        var body = context?.GetTypeInfo(type) is { } info
            ? JsonSerializer.Serialize(message, info)
            : JsonSerializer.Serialize(message, type, Outbox.Json);
        return new OutboxEntry(Guid.CreateVersion7(), type.FullName!, aggregateId, body);
    }
}
