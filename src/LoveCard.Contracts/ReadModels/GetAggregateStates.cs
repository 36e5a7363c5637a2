namespace LoveCard.Contracts.ReadModels;

/// <summary>
/// A request to a source service: the current state of the named aggregates, as the state-carrying
/// events it publishes (answered by <see cref="AggregateStatesPage"/>). Reading is idempotent.
/// </summary>
public sealed record GetAggregateStates
{
    public required string Kind { get; init; }

    public required IReadOnlyList<string> AggregateIds { get; init; }
}
