namespace LoveCard.Settlement.Core.Orders;

/// <summary>A row of <c>orders</c>.</summary>
public sealed class OrderRow
{
    public Guid OrderId { get; init; }

    public Guid ElderId { get; init; }

    public string HomeCounty { get; init; } = "";

    public Guid ProviderId { get; init; }

    public string Item { get; init; } = "";

    public int Quantity { get; init; }

    public string? Note { get; init; }

    public string Channel { get; init; } = "";

    public string Status { get; init; } = "";

    public string PlacedBy { get; init; } = "";

    public DateTime PlacedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? ClosedAt { get; init; }

    public Guid? PurchaseId { get; init; }
}
