namespace LoveCard.Contracts.ReadModels;

/// <summary>
/// The operator's request to a service: rebuild its read models from their sources while it runs
/// (<c>lovecard-ops rebuild &lt;service&gt;</c>). Answered at once by <see cref="ReadModelRebuildStatus"/>;
/// follow it with <see cref="GetReadModelRebuild"/>.
/// </summary>
public sealed record RebuildReadModels
{
    public required string RequestedBy { get; init; }

    /// <summary>Only these kinds; null or empty for every kind the service keeps.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }
}
