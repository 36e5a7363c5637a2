namespace LoveCard.Contracts.Settlement;

/// <summary>A terminal purchase was approved and booked. AggregateId is the purchase id.</summary>
public sealed record PurchaseSettled : IntegrationEvent
{
    public required Guid PurchaseId { get; init; }

    public required string ReceiptNo { get; init; }

    public required string TerminalId { get; init; }

    public required Guid ProviderId { get; init; }

    /// <summary>The provider's county, through which it is paid.</summary>
    public required string ProviderCounty { get; init; }

    public required Guid ElderId { get; init; }

    /// <summary>The elder's home county, which funds the subsidy.</summary>
    public required string HomeCounty { get; init; }

    public required Guid CardId { get; init; }

    public required string Item { get; init; }

    public required int Quantity { get; init; }

    public required long ListPriceFen { get; init; }

    public required long PriceFen { get; init; }

    public required long FiscalFen { get; init; }

    public required long CollectiveFen { get; init; }

    public required long CharityFen { get; init; }

    public required long FamilyFen { get; init; }

    public required DateTimeOffset BookedAt { get; init; }
}
