using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

/// <summary>The answer to <c>POST /terminal/v1/purchases</c>, exactly the protocol's fields.</summary>
public sealed record PurchaseAnswer(
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
    DateTimeOffset BookedAt
);
