using System.Security.Cryptography;
using System.Text.Json;
using LoveCard.Hosting.Errors;

namespace LoveCard.Cards.Credentials;

/// <summary>
/// The QR signing keys: the current one signs, retired ones keep verifying until the codes they
/// signed have expired, so a rotation never breaks a code already shown (TERMINAL-PROTOCOL.md).
/// Keys live in configuration or in a key file, not in the database. With a key file, rotation
/// writes the new key to it (atomically); other instances pick the change up on their next use.
/// </summary>
public sealed class QrKeyRing
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly QrOptions _options;
    private readonly string? _keyFile;
    private readonly Lock _lock = new();
    private IReadOnlyList<QrKey> _keys = [];
    private DateTime _fileStamp;

    public QrKeyRing(QrOptions options, IHostEnvironment environment, TimeProvider time)
    {
        _options = options;
        if (options.LifetimeSeconds is < 1 or > QrOptions.MaxLifetimeSeconds)
        {
            throw new InvalidOperationException($"Qr:LifetimeSeconds must be 1 to {QrOptions.MaxLifetimeSeconds}.");
        }

        _keyFile = options.KeyFile
            ?? (
                options.Keys.Count == 0 && environment.IsDevelopment()
                    ? Path.Combine(environment.ContentRootPath, ".keys", "qr-keys.json")
                    : null
            );
        if (_keyFile is null && options.Keys.Count == 0)
        {
            throw new InvalidOperationException(
                "QR signing keys are not configured: set Qr:KeyFile or Qr:Keys:<kid> (a PKCS#8 P-256 private key)."
            );
        }

        if (_keyFile is not null)
        {
            lock (_lock)
            {
                if (!File.Exists(_keyFile))
                {
                    WriteFile([NewKey(time.GetUtcNow())]);
                }

                LoadFile();
            }
        }
        else
        {
            var now = time.GetUtcNow();
            _keys = options
                .Keys.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new QrKey(kv.Key, ImportPrivateKey(kv.Value), now, null, options.LifetimeSeconds))
                .ToArray();
            var current = options.CurrentKeyId ?? _keys[^1].KeyId;
            if (_keys.All(k => k.KeyId != current))
            {
                throw new InvalidOperationException($"Qr:CurrentKeyId '{current}' is not among Qr:Keys.");
            }

            // Configured keys carry no retirement time: the non-current ones verify until removed from configuration.
            _keys = [.. _keys.Where(k => k.KeyId != current), _keys.Single(k => k.KeyId == current)];
        }
    }

    public bool CanRotate => _keyFile is not null;

    /// <summary>The key that signs new codes.</summary>
    public QrKey Current => Keys[^1];

    /// <summary>Every key, oldest first; the last is current.</summary>
    public IReadOnlyList<QrKey> Keys
    {
        get
        {
            if (_keyFile is not null && File.GetLastWriteTimeUtc(_keyFile) != _fileStamp)
            {
                lock (_lock)
                {
                    LoadFile();
                }
            }

            return _keys;
        }
    }

    /// <summary>The current key and the retired keys whose codes may still be valid at
    /// <paramref name="now"/>.</summary>
    public IReadOnlyList<QrKey> Verifying(DateTimeOffset now) =>
        Keys.Where(k => k.NotAfter is null || k.NotAfter >= now).ToArray();

    /// <summary>Makes a new current key and retires the current one at <paramref name="now"/>.</summary>
    public QrKey Rotate(DateTimeOffset now)
    {
        if (_keyFile is null)
        {
            throw new ConflictException(
                "qr_keys_from_configuration",
                "The QR keys come from configuration; rotate them there (add a key, set Qr:CurrentKeyId)."
            );
        }

        lock (_lock)
        {
            LoadFile();
            var next = NewKey(now);
            // Keys whose codes have all expired leave the file: they can verify nothing any more.
            var kept = _keys
                .Select(k => k.RetiredAt is null ? k with { RetiredAt = now } : k)
                .Where(k => k.NotAfter > now)
                .Append(next)
                .ToArray();
            WriteFile(kept);
            LoadFile();
            return next;
        }
    }

    private QrKey NewKey(DateTimeOffset now)
    {
        var kid = $"qr-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        return new QrKey(kid, ECDsa.Create(ECCurve.NamedCurves.nistP256), now, null, _options.LifetimeSeconds);
    }

    private sealed record FileKey(
        string Kid,
        string PrivateKeyPkcs8,
        DateTimeOffset CreatedAt,
        DateTimeOffset? RetiredAt
    );

    private sealed record KeyFileContent(IReadOnlyList<FileKey> Keys);

    private void LoadFile()
    {
        var stamp = File.GetLastWriteTimeUtc(_keyFile!);
        var content = JsonSerializer.Deserialize<KeyFileContent>(File.ReadAllText(_keyFile!), FileJson)
            ?? throw new InvalidOperationException($"The QR key file {_keyFile} is empty.");
        if (content.Keys.Count == 0 || content.Keys.Count(k => k.RetiredAt is null) != 1)
        {
            throw new InvalidOperationException(
                $"The QR key file {_keyFile} must hold exactly one key without retiredAt (the current key)."
            );
        }

        _keys = content
            .Keys.OrderBy(k => k.RetiredAt is null)
            .ThenBy(k => k.CreatedAt)
            .Select(k => new QrKey(
                k.Kid,
                ImportPrivateKey(k.PrivateKeyPkcs8),
                k.CreatedAt,
                k.RetiredAt,
                _options.LifetimeSeconds
            ))
            .ToArray();
        _fileStamp = stamp;
    }

    private void WriteFile(IReadOnlyList<QrKey> keys)
    {
        var content = new KeyFileContent(
            keys.Select(k => new FileKey(
                    k.KeyId,
                    Convert.ToBase64String(k.Key.ExportPkcs8PrivateKey()),
                    k.CreatedAt,
                    k.RetiredAt
                ))
                .ToArray()
        );
        var directory = Path.GetDirectoryName(Path.GetFullPath(_keyFile!))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(_keyFile)}.{Guid.NewGuid():N}.tmp");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Private keys: readable by the service's user only.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, fileOptions))
        {
            JsonSerializer.Serialize(stream, content, FileJson);
        }

        File.Move(temp, _keyFile!, overwrite: true);
    }

    /// <summary>A PKCS#8 P-256 private key, as PEM or as base64 of the DER.</summary>
    public static ECDsa ImportPrivateKey(string text)
    {
        var key = ECDsa.Create();
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            key.ImportFromPem(text);
        }
        else
        {
            key.ImportPkcs8PrivateKey(Convert.FromBase64String(text.Trim()), out _);
        }

        if (key.KeySize != 256)
        {
            throw new InvalidOperationException("QR signing keys are ECDSA P-256.");
        }

        return key;
    }
}
