namespace LoveCard.Contracts.Cards;

/// <summary>
/// A QR signing key's public half (ECDSA P-256), published when the key is created or rotated so
/// that settlement can verify codes without calling the cards service. AggregateId is <c>qr-key:{KeyId}</c>.
/// </summary>
public sealed record QrSigningKeyPublished : IntegrationEvent
{
    public required string KeyId { get; init; }

    /// <summary>Base64 of the SubjectPublicKeyInfo (DER).</summary>
    public required string PublicKeySpki { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>When codes signed with it stop verifying: its retirement plus the 120 s code lifetime, or null while
    /// current.</summary>
    public DateTimeOffset? NotAfter { get; init; }
}
