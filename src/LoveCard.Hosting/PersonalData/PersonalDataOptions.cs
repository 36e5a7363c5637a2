namespace LoveCard.Hosting.PersonalData;

public sealed class PersonalDataOptions
{
    /// <summary>Development keys (base64, 32 bytes each); a Production service refuses to start with them.</summary>
    public const string DevelopmentEncryptionKey = "bG92ZWNhcmQtZGV2LWVuY3J5cHRpb24ta2V5LTMyYmI=";
    public const string DevelopmentHashKey = "bG92ZWNhcmQtZGV2LWxvb2t1cC1oYXNoLWtleS0zMmI=";

    /// <summary>AES-256-GCM key for ID numbers at rest, by key id; the newest id encrypts, all decrypt (rotation).</summary>
    public Dictionary<string, string> EncryptionKeys { get; set; } = new() { ["k1"] = DevelopmentEncryptionKey };

    public string CurrentEncryptionKeyId { get; set; } = "k1";

    /// <summary>HMAC-SHA256 key for look-up hashes (ID numbers, face ids). Shared by every service that looks up the same value.</summary>
    public string HashKey { get; set; } = DevelopmentHashKey;
}
