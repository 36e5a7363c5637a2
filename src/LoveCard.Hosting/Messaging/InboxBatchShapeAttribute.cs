namespace LoveCard.Hosting.Messaging;

/// <summary>
/// A batch consumer's own batch shape, instead of <see cref="InboxBatchDefinition{TConsumer}"/>'s defaults (ADR 0046):
/// for a read model fed by bulk work (cards provisioned from a roster import), larger batches cost fewer statements
/// per event, and with a version stream (<see cref="InboxBatchConsumer{TEvent}.VersionStream"/>) two batches may run
/// at once, since the versions, not the delivery order, decide what applies.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class InboxBatchShapeAttribute(int messageLimit, int concurrencyLimit = 1) : Attribute
{
    /// <summary>The largest batch.</summary>
    public int MessageLimit { get; } = messageLimit;

    /// <summary>Batches of this queue applied at once; more than one only for a consumer with a version
    /// stream.</summary>
    public int ConcurrencyLimit { get; } = concurrencyLimit;
}
