using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

public sealed record RefundRequest(
    [property: Range(typeof(long), "1", "10000000000")] long? AmountFen,
    [property: StringLength(500)] string? Reason
);
