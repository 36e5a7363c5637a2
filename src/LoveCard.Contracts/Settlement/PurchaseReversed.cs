namespace LoveCard.Contracts.Settlement;

/// <summary>A void or a refund returned money to the sources. AggregateId is the purchase id.</summary>
public sealed record PurchaseReversed : IntegrationEvent
{
    public required Guid PurchaseId { get; init; }

    public required Guid ReversalId { get; init; }

    /// <summary><c>void</c> or <c>refund</c>.</summary>
    public required string Kind { get; init; }

    public required long AmountFen { get; init; }

    public required long FiscalFen { get; init; }

    public required long CollectiveFen { get; init; }

    public required long CharityFen { get; init; }

    public required long FamilyFen { get; init; }

    public required DateTimeOffset BookedAt { get; init; }
}
