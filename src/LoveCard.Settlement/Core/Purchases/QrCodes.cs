using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Verifies <c>LC1.&lt;payload&gt;.&lt;signature&gt;</c> codes (TERMINAL-PROTOCOL.md "Credentials"):
/// ECDSA P-256 with SHA-256 over the ASCII bytes <c>LC1.&lt;payload part&gt;</c>, IEEE P1363 signature,
/// against the cards service's published public key for the payload's kid. Expiry and single use
/// are checked by the caller, who knows the card and the server time.
/// </summary>
public sealed class QrCodes(QrKeyCache keys, TimeProvider time)
{
    private const string Prefix = "LC1.";

    /// <summary>The card service signs codes for at most 120 s; allow a little clock skew beyond it.</summary>
    private const long MaxLifetimeSeconds = 120 + 30;

    public async Task<QrVerification> VerifyAsync(string code, CancellationToken ct)
    {
        if (!code.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return default;
        }

        var dot = code.IndexOf('.', Prefix.Length);
        if (dot < 0 || code.IndexOf('.', dot + 1) >= 0)
        {
            return default;
        }

        QrPayload? payload;
        byte[] signature;
        try
        {
            var json = FromBase64Url(code[Prefix.Length..dot]);
            signature = FromBase64Url(code[(dot + 1)..]);
            payload = JsonSerializer.Deserialize<QrPayload>(json, ReadModelJson.Options);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return default;
        }

        if (
            payload is null
            || string.IsNullOrEmpty(payload.Kid)
            || string.IsNullOrEmpty(payload.Card)
            || string.IsNullOrEmpty(payload.Nonce)
            || payload.Exp - payload.Iat > MaxLifetimeSeconds
            || signature.Length != 64
        )
        {
            return default;
        }

        var key = await keys.FindAsync(payload.Kid, ct);
        var now = time.GetUtcNow();
        if (key is null || (key.NotAfter is { } notAfter && notAfter < now))
        {
            return default;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(key.Spki, out _);
            var signed = Encoding.ASCII.GetBytes(code[..dot]);
            return ecdsa.VerifyData(
                signed,
                signature,
                HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation
            )
                ? new QrVerification(payload)
                : default;
        }
        catch (CryptographicException)
        {
            return default;
        }
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch
        {
            2 => "==",
            3 => "=",
            0 => "",
            _ => throw new FormatException("Bad base64url length."),
        };
        return Convert.FromBase64String(s);
    }
}
