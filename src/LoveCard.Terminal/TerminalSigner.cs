using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Terminal;

/// <summary>
/// Signs terminal requests exactly as TERMINAL-PROTOCOL.md "Signed requests" says. This is the code a
/// terminal vendor copies: it uses only System.Security.Cryptography.
/// <para>
/// The signature covers the method, the request target as sent on the request line, the terminal id,
/// the timestamp, the nonce, the Idempotency-Key and the SHA-256 of the raw body bytes, so none of
/// them can be changed in transit, and a replayed request is caught by its nonce and timestamp.
/// </para>
/// </summary>
public sealed class TerminalSigner(string terminalId, byte[] key)
{
    public const string TerminalHeader = "X-LoveCard-Terminal";
    public const string TimestampHeader = "X-LoveCard-Timestamp";
    public const string NonceHeader = "X-LoveCard-Nonce";
    public const string SignatureHeader = "X-LoveCard-Signature";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The protocol allows 16 to 64 characters; 32 from 24 random bytes is plenty.</summary>
    private const int NonceBytes = 24;

    public string TerminalId { get; } = terminalId;

    /// <summary>
    /// Signs one send of a request. Call it again for every retry: each send needs a fresh nonce and
    /// timestamp (the server refuses a nonce it has seen), while the body bytes and Idempotency-Key stay
    /// the same so the server recognises the retry.
    /// </summary>
    /// <param name="method">The HTTP method as sent, e.g. <c>POST</c>.</param>
    /// <param name="requestTarget">Path and query exactly as on the request line, e.g.
    /// <c>/terminal/v1/totals?date=2026-11-28</c>.</param>
    /// <param name="body">The raw body bytes that will be sent; empty for a GET.</param>
    /// <param name="idempotencyKey">The Idempotency-Key header's value, or null when the request has none.</param>
    /// <param name="now">The terminal's clock (server time, if it has synchronised with <c>GET
    /// /terminal/v1/time</c>).</param>
    /// <param name="nonce">Only for tests and worked examples; normally a fresh random nonce.</param>
    public SignedHeaders Sign(
        string method,
        string requestTarget,
        ReadOnlySpan<byte> body,
        string? idempotencyKey,
        DateTimeOffset now,
        string? nonce = null
    )
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var canonical = CanonicalString(
            method,
            requestTarget,
            TerminalId,
            timestamp,
            nonce,
            idempotencyKey,
            BodySha256Hex(body)
        );
        return new SignedHeaders(TerminalId, timestamp, nonce, Signature(key, canonical), canonical);
    }

    /// <summary>
    /// The seven lines joined by "\n", with no trailing newline. An absent Idempotency-Key is an
    /// empty line, not a missing one, so the string always has exactly seven lines.
    /// </summary>
    public static string CanonicalString(
        string method,
        string requestTarget,
        string terminalId,
        string timestamp,
        string nonce,
        string? idempotencyKey,
        string bodySha256Hex
    ) => string.Join('\n', method, requestTarget, terminalId, timestamp, nonce, idempotencyKey ?? "", bodySha256Hex);

    /// <summary>Lowercase hex SHA-256 of the raw body bytes; of no bytes when there is no body.</summary>
    public static string BodySha256Hex(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>Standard base64 (with padding) of HMAC-SHA256(terminal key, UTF-8 canonical string).</summary>
    public static string Signature(byte[] key, string canonicalString) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonicalString)));

    /// <summary>
    /// A fresh nonce: base64url without padding of random bytes, so only <c>[A-Za-z0-9_-]</c>, 32 characters.
    /// </summary>
    public static string NewNonce() =>
        Convert
            .ToBase64String(RandomNumberGenerator.GetBytes(NonceBytes))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');

    /// <summary>Whether <paramref name="nonce"/> has the protocol's form: 16 to 64 characters of
    /// <c>[A-Za-z0-9_-]</c>.</summary>
    public static bool IsValidNonce(string nonce) =>
        nonce.Length is >= 16 and <= 64 && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
