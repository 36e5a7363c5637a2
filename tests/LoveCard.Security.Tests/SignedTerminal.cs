using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Security.Tests;

/// <summary>
/// A terminal that signs its requests as TERMINAL-PROTOCOL.md says (copied from the settlement
/// tests' <c>TestTerminal</c>, so this project does not depend on another test project).
/// </summary>
public sealed class SignedTerminal(HttpClient http, string terminalId, byte[] key)
{
    public HttpClient Http { get; } = http;

    public string TerminalId { get; } = terminalId;

    public byte[] Key { get; } = key;

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string target,
        byte[]? body = null,
        string? idempotencyKey = null,
        string? contentType = "application/json"
    ) => Http.SendAsync(CreateRequest(method, target, body, idempotencyKey, contentType));

    public HttpRequestMessage CreateRequest(
        HttpMethod method,
        string target,
        byte[]? body = null,
        string? idempotencyKey = null,
        string? contentType = "application/json"
    )
    {
        var uri = new Uri(Http.BaseAddress!, target);
        var request = new HttpRequestMessage(method, uri);
        var bytes = body ?? [];
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var canonical =
            $"{method.Method}\n{uri.PathAndQuery}\n{TerminalId}\n{timestamp}\n{nonce}\n{idempotencyKey ?? ""}\n{Convert.ToHexStringLower(SHA256.HashData(bytes))}";
        request.Headers.Add("X-LoveCard-Terminal", TerminalId);
        request.Headers.Add("X-LoveCard-Timestamp", timestamp);
        request.Headers.Add("X-LoveCard-Nonce", nonce);
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
}
