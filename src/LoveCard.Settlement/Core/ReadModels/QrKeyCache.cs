using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>
/// The QR public keys by kid (TERMINAL-PROTOCOL.md "Credentials"): from the read model fed by
/// <c>QrSigningKeyPublished</c>, cached in memory; on a kid neither knows, the cards service's
/// <c>GET /api/cards/qr-keys</c> is asked once (not again for that kid within a minute), so a code
/// signed with a key whose event has not arrived yet still verifies.
/// </summary>
public sealed class QrKeyCache(
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<QrKeyCache> logger
)
{
    private static readonly TimeSpan MissRetry = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, QrPublicKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _misses = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetch = new(1, 1);

    public void Forget(string kid)
    {
        _keys.TryRemove(kid, out _);
        _misses.TryRemove(kid, out _);
    }

    public async Task<QrPublicKey?> FindAsync(string kid, CancellationToken ct)
    {
        if (_keys.TryGetValue(kid, out var cached))
        {
            return cached;
        }

        const string sql = "SELECT kid, public_key_spki, not_before, not_after FROM rm_qr_keys WHERE kid = @kid";
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(
                new CommandDefinition(sql, new { kid }, cancellationToken: ct)
            );
            if (row is not null)
            {
                return _keys[kid] = row.ToKey();
            }
        }

        if (_misses.TryGetValue(kid, out var missedAt) && time.GetUtcNow() - missedAt < MissRetry)
        {
            return null;
        }

        await FetchFromCardsAsync(ct);
        if (_keys.TryGetValue(kid, out var fetched))
        {
            return fetched;
        }

        _misses[kid] = time.GetUtcNow();
        return null;
    }

    /// <summary>All keys this service knows, for <c>GET /terminal/v1/qr-keys</c>.</summary>
    public async Task<IReadOnlyList<QrPublicKey>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<KeyRow>(
            new CommandDefinition(
                "SELECT kid, public_key_spki, not_before, not_after FROM rm_qr_keys ORDER BY not_before, kid",
                cancellationToken: ct
            )
        );
        return rows.Select(r => r.ToKey()).ToArray();
    }

    private async Task FetchFromCardsAsync(CancellationToken ct)
    {
        await _fetch.WaitAsync(ct);
        try
        {
            var baseUrl = configuration["Cards:BaseUrl"] ?? "http://127.0.0.1:5101";
            using var client = httpClients.CreateClient("cards");
            client.Timeout = TimeSpan.FromSeconds(2);
            using var response = await client.GetAsync(new Uri(new Uri(baseUrl), "/api/cards/qr-keys"), ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Cards service answered {Status} for its QR keys", (int)response.StatusCode);
                return;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            foreach (var key in ParseKeys(document.RootElement))
            {
                _keys[key.Kid] = key;
            }
        }
        catch (Exception e)
            when (e is HttpRequestException or TaskCanceledException or JsonException or FormatException)
        {
            logger.LogWarning("Could not fetch QR keys from the cards service: {Error}", e.Message);
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>
    /// Reads the cards service's answer leniently: a list, or an object with <c>keys</c>; the key id
    /// as <c>kid</c> or <c>keyId</c>; the key as base64 SPKI in <c>publicKeySpki</c>, <c>publicKey</c> or <c>spki</c>.
    /// </summary>
    public static IEnumerable<QrPublicKey> ParseKeys(JsonElement root)
    {
        var list =
            root.ValueKind == JsonValueKind.Array ? root
            : root.TryGetProperty("keys", out var keys) ? keys
            : root.TryGetProperty("items", out var items) ? items
            : default;
        if (list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var element in list.EnumerateArray())
        {
            var kid = Text(element, "kid", "keyId");
            var spki = Text(element, "publicKeySpki", "publicKey", "spki");
            if (kid is null || spki is null)
            {
                continue;
            }

            var notBefore = Text(element, "notBefore") is { } nb
                ? DateTimeOffset.Parse(nb, System.Globalization.CultureInfo.InvariantCulture)
                : DateTimeOffset.MinValue;
            DateTimeOffset? notAfter = Text(element, "notAfter") is { } na
                ? DateTimeOffset.Parse(na, System.Globalization.CultureInfo.InvariantCulture)
                : null;
            yield return new QrPublicKey(kid, Convert.FromBase64String(spki), notBefore, notAfter);
        }
    }

    private static string? Text(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    private sealed class KeyRow
    {
        public string Kid { get; init; } = "";

        public string PublicKeySpki { get; init; } = "";

        public DateTime NotBefore { get; init; }

        public DateTime? NotAfter { get; init; }

        public QrPublicKey ToKey() =>
            new(
                Kid,
                Convert.FromBase64String(PublicKeySpki),
                new DateTimeOffset(DateTime.SpecifyKind(NotBefore, DateTimeKind.Utc)),
                NotAfter is { } na ? new DateTimeOffset(DateTime.SpecifyKind(na, DateTimeKind.Utc)) : null
            );
    }
}
