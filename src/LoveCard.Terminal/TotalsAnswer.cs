using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>The terminal's day (Asia/Shanghai): counts and sums by item and by source.</summary>
public sealed record TotalsAnswer(
    DateOnly Date,
    string TerminalId,
    SourceTotals Approved,
    long DeclinedCount,
    SourceTotals Voided,
    SourceTotals Refunded,
    IReadOnlyList<ItemTotals> ByItem
);
