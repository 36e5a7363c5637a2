using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// The keys this instance uses, as last read from <see cref="TokenKeyStore"/>. It feeds OpenIddict's
/// options (the signing key first, so it signs; every published key in the JWKS) and the identity
/// service's own bearer validation. A reload that finds a different set drops OpenIddict's cached
/// options, so the next request sees the new keys without a restart.
/// </summary>
public sealed class TokenKeyRing(IOptionsMonitorCache<OpenIddictServerOptions> cache, TimeProvider time)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private volatile Snapshot? _current;

    private sealed record Snapshot(string Fingerprint, IReadOnlyList<SecurityKey> Signing, SecurityKey Encryption);

    public bool IsLoaded => _current is not null;

    /// <summary>Every published signing key (public parts are what the JWKS shows).</summary>
    public IReadOnlyList<SecurityKey> SigningKeys => _current?.Signing ?? [];

    public void Load(IReadOnlyList<TokenKeyStore.StoredKey> keys)
    {
        var now = time.GetUtcNow();
        var fingerprint = string.Join(",", keys.Select(k => $"{k.KeyId}@{k.SignsFrom:O}"));
        if (_current?.Fingerprint == fingerprint + "|" + SigningKeyId(keys, now))
        {
            return;
        }

        // The key that signs: the newest whose time has come; the others are only published.
        var signing = keys.Where(k => k.Use == "sig")
            .OrderBy(k => k.SignsFrom <= now ? 0 : 1)
            .ThenByDescending(k => k.SignsFrom)
            .Select(k =>
            {
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(k.Material, out _);
                return (SecurityKey)new RsaSecurityKey(rsa) { KeyId = k.KeyId };
            })
            .ToList();
        var encryption = keys.FirstOrDefault(k => k.Use == "enc")
            ?? throw new InvalidOperationException("No token encryption key in token_keys.");
        _current = new Snapshot(
            fingerprint + "|" + SigningKeyId(keys, now),
            signing,
            new SymmetricSecurityKey(encryption.Material) { KeyId = encryption.KeyId }
        );
        cache.TryRemove(Microsoft.Extensions.Options.Options.DefaultName);
    }

    private static string? SigningKeyId(IReadOnlyList<TokenKeyStore.StoredKey> keys, DateTimeOffset now) =>
        keys.Where(k => k.Use == "sig" && k.SignsFrom <= now)
            .OrderByDescending(k => k.SignsFrom)
            .FirstOrDefault()
            ?.KeyId;

    public void Configure(OpenIddictServerOptions options)
    {
        var snapshot = _current
            ?? throw new InvalidOperationException("The token keys are not loaded yet (the database is not ready).");
        foreach (var key in snapshot.Signing)
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }

        options.EncryptionCredentials.Add(
            new EncryptingCredentials(
                snapshot.Encryption,
                SecurityAlgorithms.Aes256KW,
                SecurityAlgorithms.Aes256CbcHmacSha512
            )
        );
    }
}
