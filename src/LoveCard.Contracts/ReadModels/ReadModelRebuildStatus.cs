namespace LoveCard.Contracts.ReadModels;

/// <summary>A rebuild run: <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>interrupted</c> or
/// <c>unknown</c>.</summary>
public sealed record ReadModelRebuildStatus
{
    public required Guid RunId { get; init; }

    public required string Status { get; init; }

    public IReadOnlyList<string> Kinds { get; init; } = [];

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Aggregates the sources hold.</summary>
    public long Aggregates { get; init; }

    /// <summary>State events sent to this service's read-model queues.</summary>
    public long Republished { get; init; }

    /// <summary>Aggregates not yet re-applied.</summary>
    public long Pending { get; init; }

    public string? Detail { get; init; }
}
