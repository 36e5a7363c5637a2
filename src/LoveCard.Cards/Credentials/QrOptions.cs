namespace LoveCard.Cards.Credentials;

/// <summary>
/// QR signing keys (section <c>Qr</c>). Private keys come from configuration
/// (<c>Qr:Keys:&lt;kid&gt;</c> = PKCS#8 PEM or base64, <c>Qr:CurrentKeyId</c>) or from a key file
/// (<c>Qr:KeyFile</c>), never from the database. In Development with neither, the key file is
/// <c>.keys/qr-keys.json</c> under the content root, created on first start.
/// </summary>
public sealed class QrOptions
{
    /// <summary>TERMINAL-PROTOCOL.md: the card service signs codes for at most 120 s.</summary>
    public const int MaxLifetimeSeconds = 120;

    public int LifetimeSeconds { get; set; } = MaxLifetimeSeconds;

    public string? KeyFile { get; set; }

    public Dictionary<string, string> Keys { get; set; } = [];

    public string? CurrentKeyId { get; set; }
}
