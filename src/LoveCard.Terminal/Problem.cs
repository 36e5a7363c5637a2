using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>An RFC 9457 problem body; LoveCard adds a stable <c>code</c> and, for bad input, the
/// <c>field</c>.</summary>
public sealed record Problem(string? Type, string? Title, int? Status, string? Detail, string? Code, string? Field);
