using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Settlement.Gateway;

/// <summary>The canonical string and its signature (TERMINAL-PROTOCOL.md, "Signed requests").</summary>
public static class TerminalSignature
{
    /// <summary>Seven lines joined by <c>\n</c>, no trailing newline; every value exactly as sent.</summary>
    public static string CanonicalString(
        string method,
        string target,
        string terminalId,
        string timestamp,
        string nonce,
        string? idempotencyKey,
        string bodySha256Hex
    ) => string.Join('\n', method, target, terminalId, timestamp, nonce, idempotencyKey ?? "", bodySha256Hex);

    /// <summary>Lowercase hex SHA-256 of the raw body (of the empty string when there is none).</summary>
    public static string BodySha256Hex(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public static byte[] Sign(byte[] key, string canonical) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical));

    /// <summary>Constant-time, so the time to refuse says nothing about how much of a forged signature was
    /// right.</summary>
    public static bool Verify(byte[] key, string canonical, ReadOnlySpan<byte> signature) =>
        CryptographicOperations.FixedTimeEquals(Sign(key, canonical), signature);
}
