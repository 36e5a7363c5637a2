namespace LoveCard.Contracts.ReadModels;

/// <summary>The states asked for by <see cref="GetAggregateStates"/>; an unknown id is left out.</summary>
public sealed record AggregateStatesPage
{
    public required string Kind { get; init; }

    public required IReadOnlyList<AggregateState> Items { get; init; }

    public string? Error { get; init; }
}
