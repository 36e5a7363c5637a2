namespace LoveCard.Contracts.ReadModels;

/// <summary>
/// A request to a source service: the current version of each aggregate of <see cref="Kind"/>, in
/// the source's own order, after <see cref="After"/> (an opaque cursor; null for the first page).
/// </summary>
public sealed record GetAggregateVersions
{
    public required string Kind { get; init; }

    public string? After { get; init; }

    public required int Limit { get; init; }
}
