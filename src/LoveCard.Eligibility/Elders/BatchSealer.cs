using System.Security.Cryptography;
using System.Text;
using LoveCard.Hosting.PersonalData;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// Encrypts the personal data of a whole write batch with ONE AES-256-GCM instance and one random
/// fill for all nonces, producing exactly <see cref="PersonalDataProtector.Encrypt"/>'s format
/// (<c>keyId:base64(nonce|ciphertext|tag)</c>, 12-byte random nonce, 16-byte tag, current key) so
/// the platform's <see cref="PersonalDataProtector.Decrypt"/> reads it. Why not the protector itself:
/// it builds a new <see cref="AesGcm"/> (an OpenSSL context and key schedule) on every call, which a
/// roster of millions pays three times a row (DOMAIN.md §6 ID, name, phone; docs/benchmarks.md R5).
/// Not thread-safe: one per batch.
/// </summary>
public sealed class BatchSealer : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly AesGcm _aes;
    private readonly string _prefix;
    private readonly byte[] _nonces;
    private int _nextNonce;

    public BatchSealer(PersonalDataKeys keys, int capacity)
    {
        _aes = new AesGcm(keys.CurrentKey, TagSize);
        _prefix = keys.CurrentKeyId + ":";
        _nonces = new byte[Math.Max(1, capacity) * NonceSize];
        RandomNumberGenerator.Fill(_nonces);
    }

    public string Seal(string plaintext)
    {
        if (_nextNonce + NonceSize > _nonces.Length)
        {
            RandomNumberGenerator.Fill(_nonces);
            _nextNonce = 0;
        }

        var length = Encoding.UTF8.GetByteCount(plaintext);
        Span<byte> output = length <= 256 ? stackalloc byte[NonceSize + length + TagSize] : new byte[NonceSize + length + TagSize];
        _nonces.AsSpan(_nextNonce, NonceSize).CopyTo(output);
        _nextNonce += NonceSize;
        var data = output.Slice(NonceSize, length);
        Encoding.UTF8.GetBytes(plaintext, data);
        _aes.Encrypt(output[..NonceSize], data, data, output.Slice(NonceSize + length, TagSize));
        return _prefix + Convert.ToBase64String(output);
    }

    public void Dispose() => _aes.Dispose();
}

/// <summary>The current encryption key, decoded once from the platform's <see cref="PersonalDataOptions"/>.</summary>
public sealed class PersonalDataKeys(PersonalDataOptions options)
{
    public string CurrentKeyId { get; } = options.CurrentEncryptionKeyId;

    public byte[] CurrentKey { get; } = Convert.FromBase64String(options.EncryptionKeys[options.CurrentEncryptionKeyId]);
}
