using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

public sealed record LocationBody(
    [property: Range(-90d, 90d, ErrorMessage = "invalid_location")] double? Lat,
    [property: Range(-180d, 180d, ErrorMessage = "invalid_location")] double? Lon
);
