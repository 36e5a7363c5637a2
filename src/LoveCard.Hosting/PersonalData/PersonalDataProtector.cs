using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Hosting.PersonalData;

/// <summary>
/// Personal data under PIPL (DOMAIN.md §6): resident ID numbers are stored encrypted
/// (AES-256-GCM, key id prefixed so keys can rotate) with a keyed hash for look-up; face ids are
/// stored only as keyed hashes; answers show masked values unless a role needs them.
/// </summary>
public sealed class PersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _currentKeyId;
    private readonly byte[] _hashKey;

    // One HMAC and one AES-GCM context per thread and key, made once: building them per call (an
    // OpenSSL context and key schedule each) cost more than the hashing and sealing themselves, which a
    // roster import does three and two times a row, so it seals through here too (docs/benchmarks.md
    // R5). Neither is thread-safe.
    private readonly ThreadLocal<IncrementalHash> _hmac;
    private readonly ThreadLocal<Dictionary<string, AesGcm>> _ciphers = new(() =>
        new Dictionary<string, AesGcm>(StringComparer.Ordinal)
    );

    public PersonalDataProtector(PersonalDataOptions options)
    {
        _keys = options.EncryptionKeys.ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value));
        _currentKeyId = options.CurrentEncryptionKeyId;
        _hashKey = Convert.FromBase64String(options.HashKey);
        if (!_keys.TryGetValue(_currentKeyId, out var current) || current.Length != 32 || _hashKey.Length < 32)
        {
            throw new InvalidOperationException(
                "PersonalData keys must be base64 of 32 bytes, and CurrentEncryptionKeyId must name one."
            );
        }

        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _hashKey));
    }

    private AesGcm Cipher(string keyId)
    {
        var ciphers = _ciphers.Value!;
        if (!ciphers.TryGetValue(keyId, out var aes))
        {
            ciphers[keyId] = aes = new AesGcm(_keys[keyId], TagSize);
        }

        return aes;
    }

    /// <summary><c>keyId:base64(nonce|ciphertext|tag)</c>.</summary>
    public string Encrypt(string plaintext)
    {
        // nonce | ciphertext | tag in one buffer; the plaintext's bytes are encrypted in place.
        var length = Encoding.UTF8.GetByteCount(plaintext);
        var output = new byte[NonceSize + length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        var data = output.AsSpan(NonceSize, length);
        RandomNumberGenerator.Fill(nonce);
        Encoding.UTF8.GetBytes(plaintext, data);
        Cipher(_currentKeyId).Encrypt(nonce, data, data, output.AsSpan(NonceSize + length));
        return _currentKeyId + ":" + Convert.ToBase64String(output);
    }

    public string Decrypt(string sealedText)
    {
        var colon = sealedText.IndexOf(':', StringComparison.Ordinal);
        var keyId = sealedText[..colon];
        var input = Convert.FromBase64String(sealedText[(colon + 1)..]);
        var length = input.Length - NonceSize - TagSize;
        var output = new byte[length];
        Cipher(keyId)
            .Decrypt(
                input.AsSpan(0, NonceSize),
                input.AsSpan(NonceSize, length),
                input.AsSpan(NonceSize + length),
                output
            );
        return Encoding.UTF8.GetString(output);
    }

    /// <summary>True when the value was sealed with an older key and should be re-encrypted.</summary>
    public bool NeedsReEncryption(string sealedText) =>
        !sealedText.StartsWith(_currentKeyId + ":", StringComparison.Ordinal);

    /// <summary>Lowercase hex HMAC-SHA256, for look-up without storing the value.</summary>
    public string Hash(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(value, bytes);
        var hmac = _hmac.Value!;
        hmac.AppendData(bytes);
        Span<byte> hash = stackalloc byte[32];
        hmac.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary><c>330102199001011234</c> → <c>330102********123X</c>-style: first 6 and last 4 kept.</summary>
    public static string MaskIdNumber(string idNumber) =>
        idNumber.Length <= 10
            ? new string('*', idNumber.Length)
            : idNumber[..6] + new string('*', idNumber.Length - 10) + idNumber[^4..];

    /// <summary><c>王小华</c> → <c>王*华</c>; <c>王华</c> → <c>王*</c>; longer names keep first and last.</summary>
    public static string MaskName(string name)
    {
        var chars = System.Globalization.StringInfo.GetTextElementEnumerator(name.Trim());
        var elements = new List<string>();
        while (chars.MoveNext())
        {
            elements.Add(chars.GetTextElement());
        }

        return elements.Count switch
        {
            0 => "",
            1 => "*",
            2 => elements[0] + "*",
            _ => elements[0] + new string('*', elements.Count - 2) + elements[^1],
        };
    }

    /// <summary><c>13812345678</c> → <c>138****5678</c>.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length < 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}
