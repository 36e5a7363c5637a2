using LoveCard.Contracts;

namespace LoveCard.Hosting.ReadModels;

/// <summary>An aggregate's state at <paramref name="Version"/>, as the events that carry it (see <see
/// cref="IAggregateSource"/>).</summary>
public sealed record SourceState(string AggregateId, long Version, IReadOnlyList<IntegrationEvent> Events);
