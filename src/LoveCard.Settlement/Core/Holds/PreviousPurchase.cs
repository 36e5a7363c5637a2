namespace LoveCard.Settlement.Core.Holds;

/// <summary>The card's last approved purchase at another provider (for impossible travel).</summary>
public sealed record PreviousPurchase(Guid PurchaseId, Guid ProviderId, DateTimeOffset BookedAt, GeoPoint? Location);
