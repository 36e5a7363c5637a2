using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

public sealed record InquiryRequest(
    CredentialBody? Credential,
    [property: StringLength(40, ErrorMessage = "unknown_item")] string? Item,
    [property: Range(1, 99, ErrorMessage = "quantity_out_of_range")] int? Quantity
);
