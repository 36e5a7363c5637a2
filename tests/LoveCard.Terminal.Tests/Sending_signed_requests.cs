using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoveCard.Terminal.Tests;

/// <summary>What the client puts on the wire: signed headers, the target as sent, Idempotency-Key only where the
/// protocol wants one.</summary>
public sealed class Sending_signed_requests
{
    private static readonly Guid PurchaseId = Guid.Parse("0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b");

    private static (TerminalClient Client, FakeServer Server) NewClient(string serverUrl = "http://127.0.0.1:5104")
    {
        var server = new FakeServer();
        var client = new TerminalClient(
            new HttpClient(server),
            new TerminalClientOptions { ServerUrl = new Uri(serverUrl), InitialBackoff = TimeSpan.Zero },
            Independent.Credentials()
        );
        return (client, server);
    }

    [Test]
    public async Task Signs_the_target_with_its_query_string_exactly()
    {
        var (client, server) = NewClient();
        server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Json(
                    HttpStatusCode.OK,
                    """{"date":"2026-11-28","terminalId":"T-330903-0001","approved":{"count":0,"amountFen":0,"fiscalFen":0,"collectiveFen":0,"charityFen":0,"familyFen":0},"declinedCount":0,"voided":{"count":0,"amountFen":0,"fiscalFen":0,"collectiveFen":0,"charityFen":0,"familyFen":0},"refunded":{"count":0,"amountFen":0,"fiscalFen":0,"collectiveFen":0,"charityFen":0,"familyFen":0},"byItem":[]}"""
                )
            );

        await client.GetTotalsAsync(new DateOnly(2026, 11, 28));

        var request = server.Received.Single();
        Assert.That(request.PathAndQuery, Is.EqualTo("/terminal/v1/totals?date=2026-11-28"));
        Assert.That(Independent.CanonicalOf(request).Split('\n')[1], Is.EqualTo("/terminal/v1/totals?date=2026-11-28"));
        Assert.That(
            Independent.Verifies(request, Independent.Key),
            Is.True,
            "the signature verifies over the target as sent"
        );
        Assert.That(request.Header("Idempotency-Key"), Is.Null, "a GET has no Idempotency-Key");
    }

    [Test]
    public async Task Signs_exactly_the_request_line_that_goes_over_the_socket()
    {
        // A real socket, so what is compared is the request line HttpClient wrote, not a Uri object.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverTask = ReadOneRequestAsync(listener);
        using var client = TerminalClient.Create(
            new TerminalClientOptions { ServerUrl = new Uri($"http://127.0.0.1:{port}") },
            Independent.Credentials()
        );

        var lookup = client.FindPurchaseAsync("key:1/2 3+4");
        var (requestLine, headers) = await serverTask.WaitAsync(TimeSpan.FromSeconds(10));
        await lookup.WaitAsync(TimeSpan.FromSeconds(10));

        var target = requestLine.Split(' ')[1];
        Assert.That(target, Does.StartWith("/terminal/v1/purchases?idempotencyKey="));
        Assert.That(
            Uri.UnescapeDataString(target.Split('=', 2)[1]),
            Is.EqualTo("key:1/2 3+4"),
            "the key survives escaping"
        );
        var received = new ReceivedRequest("GET", target, headers, []);
        Assert.That(
            Independent.Verifies(received, Independent.Key),
            Is.True,
            $"the signature covers the request line's target {target}"
        );
    }

    private static async Task<(string RequestLine, Dictionary<string, string> Headers)> ReadOneRequestAsync(
        TcpListener listener
    )
    {
        using var socket = await listener.AcceptTcpClientAsync();
        var stream = socket.GetStream();
        var buffer = new byte[16384];
        var read = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            read += await stream.ReadAsync(buffer.AsMemory(read));
        }

        var lines = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n");
        var headers = lines
            .Skip(1)
            .TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        const string body =
            """{"purchaseId":"0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","receiptNo":"R1","status":"approved","declineCode":null,"elder":null,"item":"meal","quantity":1,"listPriceFen":1500,"priceFen":1500,"split":{"fiscalFen":1500,"collectiveFen":0,"charityFen":0,"familyFen":0},"remainingCaps":null,"occurredAt":"2026-11-28T11:42:05+08:00","bookedAt":"2026-11-28T11:42:06+08:00","orderId":null,"refundableFen":1500,"reversals":[]}""";
        var answer = Encoding.UTF8.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + $"{Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}"
        );
        await stream.WriteAsync(answer);
        return (lines[0], headers);
    }

    [Test]
    public async Task Keeps_a_reverse_proxy_prefix_in_the_signed_target()
    {
        var (client, server) = NewClient("http://127.0.0.1:8080/lovecard/");
        server.Respond = (_, _, _) => Task.FromResult(FakeServer.Json(HttpStatusCode.OK, """{"items":[]}"""));

        await client.GetCatalogAsync();

        var request = server.Received.Single();
        Assert.That(request.PathAndQuery, Is.EqualTo("/lovecard/terminal/v1/catalog"));
        Assert.That(Independent.Verifies(request, Independent.Key), Is.True);
    }

    [Test]
    public async Task Puts_an_idempotency_key_on_purchases_voids_and_refunds_but_not_on_inquiries()
    {
        var (client, server) = NewClient();
        server.Respond = (r, _, _) =>
            Task.FromResult(
                FakeServer.Json(
                    HttpStatusCode.OK,
                    r.PathAndQuery switch
                    {
                        "/terminal/v1/inquiries" =>
                            """{"status":"approved","declineCode":null,"elder":null,"remainingCaps":null,"item":null,"quantity":null,"listPriceFen":null,"priceFen":null,"split":null}""",
                        var p when p.EndsWith("/refunds", StringComparison.Ordinal) =>
                            """{"refundId":"5a1c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","purchaseId":"0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","amountFen":500,"split":{"fiscalFen":500,"collectiveFen":0,"charityFen":0,"familyFen":0},"remainingRefundableFen":1000,"reason":null,"bookedAt":"2026-11-28T12:00:00+08:00"}""",
                        _ =>
                            """{"purchaseId":"0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","receiptNo":"R1","status":"approved","declineCode":null,"elder":null,"item":"meal","quantity":1,"listPriceFen":1500,"priceFen":1500,"split":{"fiscalFen":1500,"collectiveFen":0,"charityFen":0,"familyFen":0},"remainingCaps":null,"occurredAt":"2026-11-28T11:42:05+08:00","bookedAt":"2026-11-28T11:42:06+08:00"}""",
                    }
                )
            );

        await client.InquireAsync(new InquiryRequest(Credential.Card("A12345678"), "meal"));
        await client.PurchaseAsync(new PurchaseRequest(Credential.Card("A12345678"), "meal"));
        await client.VoidAsync(PurchaseId, "wrong item");
        await client.RefundAsync(PurchaseId, 500);

        var received = server.Received;
        Assert.That(
            received.Select(r => r.PathAndQuery),
            Is.EqualTo(
                new[]
                {
                    "/terminal/v1/inquiries",
                    "/terminal/v1/purchases",
                    $"/terminal/v1/purchases/{PurchaseId}/void",
                    $"/terminal/v1/purchases/{PurchaseId}/refunds",
                }
            )
        );
        Assert.That(received[0].Header("Idempotency-Key"), Is.Null, "inquiries record nothing");
        Assert.That(received.Skip(1).Select(r => r.Header("Idempotency-Key")), Has.All.Match("^[0-9a-f]{32}$"));
        Assert.That(
            received.Skip(1).Select(r => r.Header("Idempotency-Key")).Distinct().Count(),
            Is.EqualTo(3),
            "a new request gets a new key"
        );
        Assert.That(received.Select(r => Independent.Verifies(r, Independent.Key)), Has.All.True);
        Assert.That(Encoding.UTF8.GetString(received[3].Body), Is.EqualTo("""{"amountFen":500,"reason":null}"""));
    }

    [Test]
    public async Task Activates_unsigned_and_without_an_idempotency_key()
    {
        var server = new FakeServer
        {
            Respond = (_, _, _) =>
                Task.FromResult(
                    FakeServer.Json(
                        HttpStatusCode.OK,
                        $$"""{"key":"{{Convert.ToBase64String(Independent.Key)}}","keyVersion":2}"""
                    )
                ),
        };
        using var client = new TerminalClient(new HttpClient(server));

        var credentials = await client.ActivateAsync("T-1", "CODE-123");

        var request = server.Received.Single();
        Assert.That(request.PathAndQuery, Is.EqualTo("/terminal/v1/activation"));
        Assert.That(
            request.Headers.Keys.Where(k =>
                k.StartsWith("X-LoveCard-", StringComparison.OrdinalIgnoreCase) || k == "Idempotency-Key"
            ),
            Is.Empty
        );
        Assert.That(
            Encoding.UTF8.GetString(request.Body),
            Is.EqualTo("""{"terminalId":"T-1","activationCode":"CODE-123"}""")
        );
        Assert.That(credentials.KeyVersion, Is.EqualTo(2));
        Assert.That(credentials.KeyBytes(), Is.EqualTo(Independent.Key));
    }

    [Test]
    public async Task Reads_a_declined_purchase_as_an_answer_not_an_error()
    {
        var (client, server) = NewClient();
        server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Json(
                    HttpStatusCode.OK,
                    """{"purchaseId":"0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","receiptNo":"R2","status":"declined","declineCode":"card_suspended","elder":{"maskedName":"王*华","category":1,"homeCounty":"330903"},"item":"meal","quantity":1,"listPriceFen":null,"priceFen":null,"split":null,"remainingCaps":null,"occurredAt":"2026-11-28T11:42:05+08:00","bookedAt":"2026-11-28T11:42:06+08:00"}"""
                )
            );

        var answer = await client.PurchaseAsync(new PurchaseRequest(Credential.Qr("LC1.x.y"), "meal"));

        Assert.That(answer.Approved, Is.False);
        Assert.That(answer.DeclineCode, Is.EqualTo("card_suspended"));
        Assert.That(answer.Elder!.MaskedName, Is.EqualTo("王*华"));
    }

    [Test]
    public void Throws_the_problem_code_and_detail_of_a_refusal()
    {
        var (client, server) = NewClient();
        server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Problem(
                    HttpStatusCode.Conflict,
                    "void_window_closed",
                    "Voids are allowed on the day of the purchase only."
                )
            );

        var e = Assert.ThrowsAsync<TerminalProblemException>(() => client.VoidAsync(PurchaseId));

        Assert.That(e!.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(e.Code, Is.EqualTo("void_window_closed"));
        Assert.That(e.Problem!.Detail, Does.Contain("day of the purchase"));
        Assert.That(server.Received, Has.Count.EqualTo(1), "a 409 is an answer: never resent");
    }
}
