using LoveCard.Settlement.Core.Purchases;

namespace LoveCard.Settlement.Core.SelfService;

/// <summary>
/// A purchase as the elder's app shows it: the receipt number, where and what, the price and its
/// split by source (what the family paid is <c>Split.FamilyFen</c>), and any voids and refunds.
/// </summary>
public sealed record MyPurchase(
    Guid PurchaseId,
    string ReceiptNo,
    Guid ElderId,
    Guid ProviderId,
    string? ProviderName,
    string Item,
    string? ItemName,
    int Quantity,
    string Status,
    string? DeclineCode,
    long? ListPriceFen,
    long? PriceFen,
    SplitView? Split,
    long RefundableFen,
    DateTimeOffset OccurredAt,
    DateTimeOffset BookedAt,
    Guid? OrderId,
    IReadOnlyList<ReversalView> Reversals
);
