using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

public sealed record CredentialBody(
    [property: StringLength(32, ErrorMessage = "unknown_credential_type")] string? Type,
    [property: StringLength(4096, ErrorMessage = "required")] string? Value
);
