using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>A purchase as it now stands, with its voids and refunds (look-ups and the void's answer).</summary>
public sealed record PurchaseView(
    Guid PurchaseId,
    string ReceiptNo,
    string Status,
    string? DeclineCode,
    ElderInfo? Elder,
    string Item,
    int Quantity,
    long? ListPriceFen,
    long? PriceFen,
    Split? Split,
    Caps? RemainingCaps,
    DateTimeOffset OccurredAt,
    DateTimeOffset BookedAt,
    Guid? OrderId,
    long? RefundableFen,
    IReadOnlyList<Reversal>? Reversals
);
