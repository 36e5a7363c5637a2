using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Terminal.Tests;

/// <summary>
/// The protocol's signing written out again in the tests, straight from TERMINAL-PROTOCOL.md and
/// System.Security.Cryptography, so the client is checked against something it does not share code with.
/// </summary>
public static class Independent
{
    public static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    public static string Sha256Hex(byte[] bytes)
    {
        var hash = SHA256.HashData(bytes);
        var text = new StringBuilder();
        foreach (var b in hash)
        {
            text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static string Hmac(byte[] key, string canonical)
    {
        using var hmac = new HMACSHA256(key);
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The canonical string of a request as the server would rebuild it from what arrived.</summary>
    public static string CanonicalOf(ReceivedRequest r) =>
        r.Method
        + "\n"
        + r.PathAndQuery
        + "\n"
        + r.Header("X-LoveCard-Terminal")
        + "\n"
        + r.Header("X-LoveCard-Timestamp")
        + "\n"
        + r.Header("X-LoveCard-Nonce")
        + "\n"
        + (r.Header("Idempotency-Key") ?? "")
        + "\n"
        + Sha256Hex(r.Body);

    /// <summary>Whether the request's signature header verifies with <paramref name="key"/>, as the server checks
    /// it.</summary>
    public static bool Verifies(ReceivedRequest r, byte[] key) =>
        r.Header("X-LoveCard-Signature") == Hmac(key, CanonicalOf(r));

    public static TerminalCredentials Credentials(string terminalId = "T-330903-0001") =>
        new(terminalId, Convert.ToBase64String(Key), 1, null, null);
}
