using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Console.Auth;

namespace LoveCard.Console.Api;

/// <summary>
/// Calls a service as the signed-in person: their own access token (from the server-side session,
/// refreshed when it is about to expire), JSON in and out, and a refusal turned into an
/// <see cref="ApiProblemException"/> whose message is Chinese. Scoped: one per circuit.
/// </summary>
public sealed class ApiCaller(IHttpClientFactory factory, CurrentUser user, TokenKeeper tokens)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetAsync<T>(Service service, string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(service, request, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    public async Task<T> SendAsync<T>(
        Service service,
        HttpMethod method,
        string path,
        object? body = null,
        string? idempotencyKey = null,
        CancellationToken ct = default
    )
    {
        using var request = Request(method, path, body, idempotencyKey);
        using var response = await SendAsync(service, request, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    public async Task SendAsync(
        Service service,
        HttpMethod method,
        string path,
        object? body = null,
        CancellationToken ct = default
    )
    {
        using var request = Request(method, path, body, null);
        using var response = await SendAsync(service, request, ct);
    }

    /// <summary>
    /// Sends with the user's token; answers the response (headers read, body not yet) for the caller
    /// to read or stream and dispose. A refusal throws; a 401 means the session is over.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        Service service,
        HttpRequestMessage request,
        CancellationToken ct = default
    )
    {
        var person = await user.GetAsync();
        if (person.SessionKey.Length == 0)
        {
            throw new SessionExpiredException("not signed in");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await tokens.AccessTokenAsync(person.SessionKey, ct)
        );
        var client = factory.CreateClient(service.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new SessionExpiredException("the service refused the token");
            }

            throw new ApiProblemException(
                ApiProblem.Parse((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct))
            );
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
