namespace LoveCard.Hosting.Messaging;

/// <summary>Lets the read-model reconciler ask a consumer which version stream it keeps (ADR 0015).</summary>
internal interface IVersionedConsumer
{
    string? Stream { get; }
}
