using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>
/// A terminal for tests (TERMINAL-PROTOCOL.md): activates with a code, signs every request with a
/// fresh nonce and timestamp, and can resend the same body bytes with the same Idempotency-Key.
/// It builds the canonical string itself, not with the server's code, so it checks the server.
/// </summary>
public sealed class TestTerminal(HttpClient http, string terminalId, byte[] key, int keyVersion)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    public string TerminalId { get; } = terminalId;

    public byte[] Key { get; set; } = key;

    public int KeyVersion { get; set; } = keyVersion;

    public Guid ProviderId { get; init; }

    public string County { get; init; } = "";

    /// <summary>The terminal's clock; point it at a <c>FakeTimeProvider</c> when the service uses one.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Publishes <see cref="TerminalRegistered"/> as whitelist would, waits until settlement stored it, and
    /// activates.</summary>
    public static async Task<TestTerminal> RegisterAndActivateAsync(
        ServiceHost host,
        Guid? providerId = null,
        string county = "330903",
        string? terminalId = null
    )
    {
        var id = terminalId ?? NewTerminalId();
        var provider = providerId ?? Guid.NewGuid();
        var code = NewActivationCode();
        await RegisterAsync(host, id, provider, county, code, version: 1);
        var terminal = await ActivateAsync(host.CreateClient(), id, code);
        return new TestTerminal(terminal.Http, id, terminal.Key, terminal.KeyVersion)
        {
            ProviderId = provider,
            County = county,
        };
    }

    /// <summary>Publishes a (re-)registration with the SHA-256 of <paramref name="activationCode"/> and waits until the
    /// read model has it.</summary>
    public static async Task RegisterAsync(
        ServiceHost host,
        string terminalId,
        Guid providerId,
        string county,
        string activationCode,
        long version,
        DateTimeOffset? expiresAt = null
    )
    {
        var hash = Sha256Hex(activationCode);
        await host
            .Services.GetRequiredService<IBus>()
            .Publish(
                new TerminalRegistered
                {
                    AggregateId = terminalId,
                    AggregateVersion = version,
                    Actor = new Actor(ActorKinds.User, "test-provider-admin"),
                    Reason = "test registration",
                    OccurredAt = DateTimeOffset.UtcNow,
                    TerminalId = terminalId,
                    ProviderId = providerId,
                    County = county,
                    ActivationCodeHash = hash,
                    ActivationCodeExpiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddHours(24),
                }
            );
        await Eventually.AssertAsync(
            async () =>
                await Database.ScalarAsync<long>(
                    host.Schema,
                    "SELECT count(*) FROM terminals WHERE terminal_id = @terminalId AND activation_code_hash = @hash "
                        + "AND status = 'enabled'",
                    new { terminalId, hash }
                ) == 1,
            because: () => $"terminal {terminalId} v{version} not in settlement's read model"
        );
    }

    /// <summary>Publishes <see cref="TerminalDisabled"/> and waits until the read model has it.</summary>
    public static async Task DisableAsync(ServiceHost host, string terminalId, Guid providerId, long version)
    {
        await host
            .Services.GetRequiredService<IBus>()
            .Publish(
                new TerminalDisabled
                {
                    AggregateId = terminalId,
                    AggregateVersion = version,
                    Actor = new Actor(ActorKinds.User, "test-provider-admin"),
                    Reason = "test disable",
                    OccurredAt = DateTimeOffset.UtcNow,
                    TerminalId = terminalId,
                    ProviderId = providerId,
                }
            );
        await Eventually.AssertAsync(async () =>
            await Database.ScalarAsync<long>(
                host.Schema,
                "SELECT count(*) FROM terminals WHERE terminal_id = @terminalId AND status = 'disabled'",
                new { terminalId }
            ) == 1
        );
    }

    /// <summary><c>POST /terminal/v1/activation</c>, unsigned; the raw answer.</summary>
    public static Task<HttpResponseMessage> PostActivationAsync(
        HttpClient http,
        string terminalId,
        string activationCode
    ) => http.PostAsJsonAsync("/terminal/v1/activation", new { terminalId, activationCode }, Json);

    public static async Task<TestTerminal> ActivateAsync(HttpClient http, string terminalId, string activationCode)
    {
        var response = await PostActivationAsync(http, terminalId, activationCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"activation of {terminalId}: {text}");
        var answer = JsonSerializer.Deserialize<ActivationAnswer>(text, Json)!;
        return new TestTerminal(http, terminalId, Convert.FromBase64String(answer.Key), answer.KeyVersion);
    }

    public sealed record ActivationAnswer(string Key, int KeyVersion);

    public Task<HttpResponseMessage> GetAsync(string target) => SendAsync(HttpMethod.Get, target);

    /// <summary>Serialises <paramref name="body"/> (camelCase) and posts it signed.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string target, object body, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, target, Serialize(body), idempotencyKey);

    /// <summary>Posts these exact bytes: a retry passes the same bytes and key and gets a fresh nonce and
    /// timestamp.</summary>
    public Task<HttpResponseMessage> PostAsync(string target, byte[] body, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, target, body, idempotencyKey);

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string target,
        byte[]? body = null,
        string? idempotencyKey = null,
        string? nonce = null,
        long? timestamp = null
    ) => Http.SendAsync(CreateRequest(method, target, body, idempotencyKey, nonce, timestamp));

    /// <summary>A signed request; <paramref name="nonce"/> and <paramref name="timestamp"/> default to fresh
    /// ones.</summary>
    public HttpRequestMessage CreateRequest(
        HttpMethod method,
        string target,
        byte[]? body = null,
        string? idempotencyKey = null,
        string? nonce = null,
        long? timestamp = null
    )
    {
        var uri = new Uri(Http.BaseAddress!, target);
        var request = new HttpRequestMessage(method, uri);
        var bytes = body ?? [];
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var ts = (timestamp ?? Clock().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var n = nonce ?? NewNonce();
        // HttpClient sends PathAndQuery on the request line: that is the REQUEST-TARGET.
        var canonical = CanonicalString(
            method.Method,
            uri.PathAndQuery,
            TerminalId,
            ts,
            n,
            idempotencyKey,
            Sha256Hex(bytes)
        );
        request.Headers.Add("X-LoveCard-Terminal", TerminalId);
        request.Headers.Add("X-LoveCard-Timestamp", ts);
        request.Headers.Add("X-LoveCard-Nonce", n);
        request.Headers.Add(
            "X-LoveCard-Signature",
            Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(canonical)))
        );
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    /// <summary>TERMINAL-PROTOCOL.md's seven lines joined by <c>\n</c>, no trailing newline.</summary>
    public static string CanonicalString(
        string method,
        string target,
        string terminalId,
        string timestamp,
        string nonce,
        string? idempotencyKey,
        string bodySha256Hex
    ) => $"{method}\n{target}\n{terminalId}\n{timestamp}\n{nonce}\n{idempotencyKey ?? ""}\n{bodySha256Hex}";

    public static byte[] Serialize(object body) => JsonSerializer.SerializeToUtf8Bytes(body, Json);

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewTerminalId() => "T-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewActivationCode() => Convert.ToHexString(RandomNumberGenerator.GetBytes(6));

    /// <summary>The problem body's <c>code</c>, for asserting refusals.</summary>
    public static async Task<string?> ProblemCodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Row count helper for assertions against settlement's schema.</summary>
    public static async Task<long> CountAsync(ServiceHost host, string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(host.Schema);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }
}
