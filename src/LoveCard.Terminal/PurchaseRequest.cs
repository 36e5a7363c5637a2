using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

public sealed record PurchaseRequest(
    Credential Credential,
    string Item,
    int Quantity = 1,
    Guid? OrderId = null,
    long? MaxFamilyFen = null,
    string? CareWorkerId = null,
    Location? Location = null,
    DateTimeOffset? OccurredAt = null,
    // Version 1.1; left out when null, so a version-1 purchase keeps its bytes (the worked example).
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? VisitId = null
);
