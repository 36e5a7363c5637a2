namespace LoveCard.Contracts.ReadModels;

/// <summary>
/// One aggregate's current state at <see cref="Version"/>: the events that carry it (each with the
/// aggregate's current version), serialised as the outbox stores them. Empty when the aggregate has
/// nothing to publish yet (a provider that applied but was never admitted).
/// </summary>
public sealed record AggregateState(string AggregateId, long Version, IReadOnlyList<SerializedEvent> Events);
