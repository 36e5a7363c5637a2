using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>One item the provider may sell: its price is the catalog's, never the terminal's.</summary>
public sealed record CatalogItem(
    string Code,
    string Name,
    string Unit,
    long UnitPriceFen,
    int DiscountPercent,
    long? PriceFen
);
