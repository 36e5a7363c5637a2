using System.Collections;

namespace LoveCard.Hosting.Observability;

/// <summary>
/// The log scope of a request's correlation id (<see cref="CorrelationMiddleware"/>): the one property the JSON
/// console formatter writes as <c>CorrelationId</c>, in one small object per request instead of a dictionary with
/// its buckets (ADR 0049).
/// </summary>
internal sealed class CorrelationScope(Guid id) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Name = "CorrelationId";

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(Name, id) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Name}:{id}";
}
