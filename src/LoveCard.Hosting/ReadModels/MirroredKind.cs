using LoveCard.Contracts.ReadModels;

namespace LoveCard.Hosting.ReadModels;

/// <summary>One kind of aggregate this service mirrors: its version streams and where each event type goes.</summary>
public sealed class MirroredKind(string kind)
{
    private readonly Dictionary<Type, List<(string Queue, string Stream)>> _targets = [];

    public string Kind { get; } = kind;

    public string Source => ReadModelKinds.Sources[Kind];

    /// <summary>Every version stream fed by this kind's events.</summary>
    public IReadOnlyList<string> Streams =>
        _targets.Values.SelectMany(t => t).Select(t => t.Stream).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>All queues of this kind's read-model consumers.</summary>
    public IReadOnlyList<string> Queues => _targets.Values.SelectMany(t => t).Select(t => t.Queue).Distinct().ToArray();

    /// <summary>The queues of the read-model consumers of <paramref name="eventType"/>.</summary>
    public IReadOnlyList<string> QueuesOf(Type eventType) =>
        _targets.TryGetValue(eventType, out var t) ? t.Select(x => x.Queue).Distinct().ToArray() : [];

    /// <summary>The streams that <paramref name="eventTypes"/> feed.</summary>
    public IReadOnlySet<string> StreamsFedBy(IEnumerable<Type> eventTypes) =>
        eventTypes
            .SelectMany(e => _targets.TryGetValue(e, out var t) ? t.Select(x => x.Stream) : [])
            .ToHashSet(StringComparer.Ordinal);

    internal void Add(Type eventType, string queue, string stream)
    {
        if (!_targets.TryGetValue(eventType, out var list))
        {
            _targets[eventType] = list = [];
        }

        list.Add((queue, stream));
    }
}
