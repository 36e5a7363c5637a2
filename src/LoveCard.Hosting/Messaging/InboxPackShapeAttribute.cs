namespace LoveCard.Hosting.Messaging;

/// <summary>
/// How many packs of an <see cref="InboxPackConsumer{TPack,TEvent,TConsumer}"/>'s queue are applied at once (ADR
/// 0051); more than one only when its target keeps a version stream, where versions, not the order, decide what
/// applies.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class InboxPackShapeAttribute(int concurrencyLimit) : Attribute
{
    public int ConcurrencyLimit { get; } = concurrencyLimit;
}
