namespace LoveCard.Contracts.ReadModels;

/// <summary>Asks a service how a rebuild is doing (answered by <see cref="ReadModelRebuildStatus"/>).</summary>
public sealed record GetReadModelRebuild
{
    public required Guid RunId { get; init; }
}
