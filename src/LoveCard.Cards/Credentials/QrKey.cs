using System.Security.Cryptography;
using System.Text.Json;
using LoveCard.Hosting.Errors;

namespace LoveCard.Cards.Credentials;

/// <summary>One QR signing key: ECDSA P-256. Codes it signed verify until <see cref="NotAfter"/>.</summary>
public sealed record QrKey(
    string KeyId,
    ECDsa Key,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt,
    int LifetimeSeconds
)
{
    public string PublicKeySpki { get; } = Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo());

    /// <summary>Its retirement plus the longest code lifetime (QrSigningKeyPublished.NotAfter); null while
    /// current.</summary>
    public DateTimeOffset? NotAfter => RetiredAt?.AddSeconds(LifetimeSeconds);
}
