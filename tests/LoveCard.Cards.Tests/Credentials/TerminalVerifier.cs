using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoveCard.Cards.Tests.Credentials;

/// <summary>
/// What a terminal vendor writes from TERMINAL-PROTOCOL.md alone: plain System.Security.Cryptography,
/// the published public keys, nothing from the LoveCard code base.
/// </summary>
public static class TerminalVerifier
{
    public sealed record Payload(string Kid, string Card, long Iat, long Exp, string Nonce);

    /// <summary>The payload when the code is well-formed, signed by a published key and unexpired at
    /// <paramref name="now"/>; else null.</summary>
    public static Payload? Verify(string code, JsonObject publishedKeys, DateTimeOffset now)
    {
        var parts = code.Split('.');
        if (parts.Length != 3 || parts[0] != "LC1")
        {
            return null;
        }

        Payload payload;
        byte[] signature;
        try
        {
            var json = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
            payload = new Payload(
                (string)json["kid"]!,
                (string)json["card"]!,
                (long)json["iat"]!,
                (long)json["exp"]!,
                (string)json["nonce"]!
            );
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e)
            when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }

        var key = publishedKeys["keys"]!.AsArray().FirstOrDefault(k => (string?)k!["kid"] == payload.Kid);
        if (key is null)
        {
            return null;
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String((string)key["publicKeySpki"]!), out _);
        var valid = ecdsa.VerifyData(
            Encoding.ASCII.GetBytes($"LC1.{parts[1]}"),
            signature,
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation
        );
        return valid && now.ToUnixTimeSeconds() <= payload.Exp ? payload : null;
    }
}
