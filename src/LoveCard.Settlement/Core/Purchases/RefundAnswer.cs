using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

/// <summary>The answer to a refund: the refund with its split by source and what remains refundable.</summary>
public sealed record RefundAnswer(
    Guid RefundId,
    Guid PurchaseId,
    long AmountFen,
    SplitView Split,
    long RemainingRefundableFen,
    string? Reason,
    DateTimeOffset BookedAt
);
