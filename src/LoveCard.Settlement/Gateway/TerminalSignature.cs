using System.Buffers;
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
    public static string BodySha256Hex(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return Convert.ToHexStringLower(hash);
    }

    public static byte[] Sign(byte[] key, string canonical) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical));

    /// <summary>Constant-time, so the time to refuse says nothing about how much of a forged signature was
    /// right.</summary>
    public static bool Verify(byte[] key, string canonical, ReadOnlySpan<byte> signature) =>
        CryptographicOperations.FixedTimeEquals(Sign(key, canonical), signature);

    /// <summary>
    /// <see cref="Verify(byte[], string, ReadOnlySpan{byte})"/> of the <see cref="CanonicalString"/> of these lines,
    /// with the string's UTF-8 bytes written straight into a pooled buffer and the MAC kept on the stack: what the
    /// gateway checks on every signed request (ADR 0057). The UTF-8 of lines joined by <c>\n</c> is the lines' UTF-8
    /// joined by the byte <c>\n</c>.
    /// </summary>
    public static bool Verify(
        byte[] key,
        ReadOnlySpan<byte> signature,
        string method,
        string target,
        string terminalId,
        string timestamp,
        string nonce,
        string? idempotencyKey,
        string bodySha256Hex
    )
    {
        string[] lines = [method, target, terminalId, timestamp, nonce, idempotencyKey ?? "", bodySha256Hex];
        var length = lines.Length;
        foreach (var line in lines)
        {
            length += Encoding.UTF8.GetMaxByteCount(line.Length);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var n = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    buffer[n++] = (byte)'\n';
                }

                n += Encoding.UTF8.GetBytes(lines[i], buffer.AsSpan(n));
            }

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, buffer.AsSpan(0, n), mac);
            return CryptographicOperations.FixedTimeEquals(mac, signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
