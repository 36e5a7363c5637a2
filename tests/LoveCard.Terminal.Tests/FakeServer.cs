using System.Net;
using System.Text;

namespace LoveCard.Terminal.Tests;

/// <summary>
/// An in-memory settlement service for unit tests of the client: records each request and answers
/// with <see cref="Respond"/>, which may also throw or hang to simulate a lost answer.
/// </summary>
public sealed class FakeServer : HttpMessageHandler
{
    private readonly List<ReceivedRequest> _received = [];

    public Func<ReceivedRequest, int, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}"));

    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(
            h => h.Key,
            h => string.Join(",", h.Value),
            StringComparer.OrdinalIgnoreCase
        );
        var received = new ReceivedRequest(request.Method.Method, request.RequestUri!.PathAndQuery, headers, body);
        int number;
        lock (_received)
        {
            _received.Add(received);
            number = _received.Count;
        }

        return await Respond(received, number, cancellationToken);
    }

    public static HttpResponseMessage Json(
        HttpStatusCode status,
        string json,
        string contentType = "application/json"
    ) => new(status) { Content = new StringContent(json, Encoding.UTF8, contentType) };

    public static HttpResponseMessage Problem(
        HttpStatusCode status,
        string code,
        string detail,
        string? field = null
    ) =>
        Json(
            status,
            $$"""{"type":"https://lovecard/problems/{{code}}","title":"{{code}}","status":{{(int)status}},"detail":"{{detail}}","code":"{{code}}"{{(field is null ? "" : $",\"field\":\"{field}\"")}}}""",
            "application/problem+json"
        );
}
