using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>How the elder identified themself: card number, QR code (付款码) or face id (刷脸).</summary>
public sealed record Credential(string Type, string Value)
{
    public static Credential Card(string cardNumber) => new("card", cardNumber);

    public static Credential Qr(string code) => new("qr", code);

    public static Credential Face(string faceId) => new("face", faceId);
}
