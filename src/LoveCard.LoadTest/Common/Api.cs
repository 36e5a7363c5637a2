using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Hosting.Auth;

namespace LoveCard.LoadTest.Common;

/// <summary>HTTP clients for the services' people APIs, with development tokens (the services run in
/// Development).</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Url(string service) =>
        Environment.GetEnvironmentVariable($"LOVECARD_BENCH_{service.ToUpperInvariant()}_URL")
        ?? service switch
        {
            "cards" => "http://127.0.0.1:5101",
            "eligibility" => "http://127.0.0.1:5102",
            "whitelist" => "http://127.0.0.1:5103",
            "settlement" => "http://127.0.0.1:5104",
            _ => throw new ArgumentException(service),
        };

    public static HttpClient Client(
        string service,
        string role,
        string? county = null,
        Guid? provider = null,
        string? subject = null
    )
    {
        var http = new HttpClient { BaseAddress = new Uri(Url(service)), Timeout = TimeSpan.FromMinutes(30) };
        var token = DevTokens.Mint(new AuthOptions(), role, county, provider, subject);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>
    /// Sends one request; a <c>503</c> (e.g. <c>database_unavailable</c> on a machine with a load
    /// average of 50 and more) is retried, up to 10 times a second apart, when a resend is safe: a
    /// GET, or a request carrying an idempotency key.
    /// </summary>
    public static async Task<JsonElement> SendAsync(
        HttpClient http,
        HttpMethod method,
        string path,
        object? body = null,
        CancellationToken ct = default,
        string? idempotencyKey = null
    )
    {
        var safeToResend = method == HttpMethod.Get || idempotencyKey is not null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(http, method, path, body, idempotencyKey, ct);
            }
            catch (HttpRequestException e)
                when (safeToResend && e.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    private static async Task<JsonElement> SendOnceAsync(
        HttpClient http,
        HttpMethod method,
        string path,
        object? body,
        string? idempotencyKey,
        CancellationToken ct
    )
    {
        using var request = new HttpRequestMessage(method, path);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{method} {http.BaseAddress}{path.TrimStart('/')} answered {(int)response.StatusCode}: {text}",
                null,
                response.StatusCode
            );
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> PostAsync(
        HttpClient http,
        string path,
        object body,
        CancellationToken ct = default,
        string? idempotencyKey = null
    ) => SendAsync(http, HttpMethod.Post, path, body, ct, idempotencyKey);

    public static Task<JsonElement> PutAsync(
        HttpClient http,
        string path,
        object body,
        CancellationToken ct = default
    ) => SendAsync(http, HttpMethod.Put, path, body, ct);

    public static Task<JsonElement> GetAsync(HttpClient http, string path, CancellationToken ct = default) =>
        SendAsync(http, HttpMethod.Get, path, null, ct);

    public static string ConnectionString(string? database = null)
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=127.0.0.1;Port=5432;Username=lovecard;Password=lovecard-dev;Database=lovecard";
        return database is null
            ? cs
            : new Npgsql.NpgsqlConnectionStringBuilder(cs) { Database = database }.ConnectionString;
    }
}
