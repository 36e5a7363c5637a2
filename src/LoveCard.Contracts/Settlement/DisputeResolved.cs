namespace LoveCard.Contracts.Settlement;

/// <summary>
/// The bureau accepted or rejected a dispute. An accepted one booked a correction of
/// <see cref="CorrectionFen"/> from the <see cref="CorrectionSource"/> fund in the current period.
/// AggregateId is the dispute id, version 2 (a dispute is resolved once). Reason is the bureau's note,
/// else the decision.
/// </summary>
public sealed record DisputeResolved : IntegrationEvent
{
    public required Guid DisputeId { get; init; }

    public required Guid ProviderId { get; init; }

    public required string County { get; init; }

    public required Guid PurchaseId { get; init; }

    public required long ClaimedFen { get; init; }

    /// <summary><c>accepted</c> or <c>rejected</c>.</summary>
    public required string Status { get; init; }

    public required string ResolvedBy { get; init; }

    public required DateTimeOffset ResolvedAt { get; init; }

    public string? ResolutionNote { get; init; }

    /// <summary>The correcting ledger transaction, when accepted.</summary>
    public Guid? CorrectionId { get; init; }

    /// <summary>fiscal, collective or charity, when accepted.</summary>
    public string? CorrectionSource { get; init; }

    /// <summary>The amount booked to the provider (equals ClaimedFen when accepted, 0 when rejected).</summary>
    public required long CorrectionFen { get; init; }

    /// <summary>The county whose fund paid (or got back) the correction: the elder's home county.</summary>
    public string? CorrectionCounty { get; init; }
}
