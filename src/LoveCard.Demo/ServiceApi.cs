using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;

namespace LoveCard.Demo;

/// <summary>
/// Plain HTTP to one LoveCard service with a development bearer token (DevTokens and the default
/// AuthOptions, which the services accept in Development). Bodies are read as JSON nodes so the
/// demo depends on the documented fields only, not on the services' assemblies.
/// </summary>
public sealed class ServiceApi(string service, Uri baseAddress, AuthOptions? auth = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    private readonly AuthOptions _auth = auth ?? new AuthOptions();

    public string Service { get; } = service;

    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>A bureau user of the county; <paramref name="user"/> tells two users apart (maker-checker).</summary>
    public string BureauToken(string county, string user = "maker") =>
        DevTokens.Mint(_auth, Roles.Bureau, county, subject: $"demo-bureau-{county}-{user}");

    public Task<ApiAnswer> GetAsync(string step, string path, string token, CancellationToken ct = default) =>
        SendAsync(step, HttpMethod.Get, path, token, null, null, ct);

    public Task<ApiAnswer> PostAsync(
        string step,
        string path,
        string token,
        object? body,
        CancellationToken ct = default,
        string? idempotencyKey = null
    ) => SendAsync(step, HttpMethod.Post, path, token, body is null ? null : JsonContent(body), idempotencyKey, ct);

    public Task<ApiAnswer> PutAsync(
        string step,
        string path,
        string token,
        object body,
        CancellationToken ct = default
    ) => SendAsync(step, HttpMethod.Put, path, token, JsonContent(body), null, ct);

    public Task<ApiAnswer> PostRawAsync(
        string step,
        string path,
        string token,
        byte[] body,
        string contentType,
        CancellationToken ct = default
    )
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return SendAsync(step, HttpMethod.Post, path, token, content, null, ct);
    }

    /// <summary>Like the others, but throws <see cref="DemoStepException"/> unless the answer is 2xx or one of
    /// <paramref name="accept"/>.</summary>
    public static ApiAnswer Expect(ApiAnswer answer, string service, string step, params HttpStatusCode[] accept)
    {
        if (answer.IsSuccess || accept.Contains(answer.Status))
        {
            return answer;
        }

        var detail = answer.Body is JsonObject o
            ? o["detail"]?.ToString() ?? o.ToJsonString()
            : answer.Body?.ToJsonString() ?? "(empty body)";
        throw new DemoStepException(service, step, answer.Status, answer.Code, detail);
    }

    public async Task<ApiAnswer> SendAsync(
        string step,
        HttpMethod method,
        string path,
        string token,
        HttpContent? content,
        string? idempotencyKey,
        CancellationToken ct
    )
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DemoStepException(
                Service,
                step,
                null,
                null,
                $"{BaseAddress} did not answer ({e.Message}); is the service running?"
            );
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DemoStepException(Service, step, null, null, $"{BaseAddress} timed out ({e.Message})");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? body = null;
            if (text.Length > 0)
            {
                try
                {
                    body = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    body = JsonValue.Create(text);
                }
            }

            return new ApiAnswer(response.StatusCode, body);
        }
    }

    /// <summary>Sends and throws <see cref="DemoStepException"/> on anything but 2xx (or an accepted status).</summary>
    public async Task<JsonNode> CallAsync(
        string step,
        HttpMethod method,
        string path,
        string token,
        object? body = null,
        string? idempotencyKey = null,
        CancellationToken ct = default,
        params HttpStatusCode[] accept
    )
    {
        var answer = await SendAsync(
            step,
            method,
            path,
            token,
            body is null ? null : JsonContent(body),
            idempotencyKey,
            ct
        );
        return Expect(answer, Service, step, accept).Body ?? new JsonObject();
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");

    public void Dispose() => _http.Dispose();
}
