using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>Who pays: the four lines always add up to the price (DOMAIN.md §3).</summary>
public sealed record Split(long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen)
{
    public long TotalFen => FiscalFen + CollectiveFen + CharityFen + FamilyFen;
}
