using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

/// <summary>A purchase as it now stands, with its voids and refunds (look-ups, and the void's answer).</summary>
public sealed record PurchaseView(
    Guid PurchaseId,
    string ReceiptNo,
    string Status,
    string? DeclineCode,
    ElderView? Elder,
    string Item,
    int Quantity,
    long? ListPriceFen,
    long? PriceFen,
    SplitView? Split,
    CapsView? RemainingCaps,
    DateTimeOffset OccurredAt,
    DateTimeOffset BookedAt,
    Guid? OrderId,
    long RefundableFen,
    IReadOnlyList<ReversalView> Reversals
);
