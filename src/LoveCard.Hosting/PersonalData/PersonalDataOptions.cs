namespace LoveCard.Hosting.PersonalData;

public sealed class PersonalDataOptions
{
    /// <summary>Development keys (base64, 32 bytes each); a service outside Development refuses to start with
    /// them.</summary>
    public const string DevelopmentEncryptionKey = "bG92ZWNhcmQtZGV2LWVuY3J5cHRpb24ta2V5LTMyYmI=";
    public const string DevelopmentHashKey = "bG92ZWNhcmQtZGV2LWxvb2t1cC1oYXNoLWtleS0zMmI=";

    /// <summary>
    /// AES-256-GCM keys for ID numbers at rest, by key id; <see cref="CurrentEncryptionKeyId"/> encrypts,
    /// all decrypt (rotation). Empty until configured: the development key is added only when nothing
    /// is (see <see cref="WithDevelopmentFallback"/>), so a configured key never sits beside the public one.
    /// </summary>
    public Dictionary<string, string> EncryptionKeys { get; set; } = [];

    public string CurrentEncryptionKeyId { get; set; } = "k1";

    /// <summary>HMAC-SHA256 key for look-up hashes (ID numbers, face ids). Shared by every service that looks up the
    /// same value.</summary>
    public string HashKey { get; set; } = DevelopmentHashKey;

    /// <summary>Why these keys may not be used outside Development (none configured, public, short, regular).</summary>
    public IEnumerable<string?> Problems()
    {
        yield return Secrets.KeyRules.ProblemWithKey("PersonalData:HashKey", HashKey, atLeast: true);
        if (EncryptionKeys.Count == 0)
        {
            yield return "PersonalData:EncryptionKeys:<id> is not set.";
        }

        foreach (var (id, key) in EncryptionKeys)
        {
            yield return Secrets.KeyRules.ProblemWithKey($"PersonalData:EncryptionKeys:{id}", key);
        }

        if (!EncryptionKeys.ContainsKey(CurrentEncryptionKeyId))
        {
            yield return $"PersonalData:CurrentEncryptionKeyId '{CurrentEncryptionKeyId}' names no key.";
        }
    }

    /// <summary>Adds the development encryption key when no key was configured at all.</summary>
    public PersonalDataOptions WithDevelopmentFallback()
    {
        if (EncryptionKeys.Count == 0)
        {
            EncryptionKeys["k1"] = DevelopmentEncryptionKey;
            CurrentEncryptionKeyId = "k1";
        }

        return this;
    }
}
