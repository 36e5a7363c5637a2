using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace LoveCard.Terminal.Tests;

/// <summary>
/// TERMINAL-PROTOCOL.md "Idempotency": a terminal that did not get an answer retries with the same key
/// and the same body bytes, and a fresh nonce and timestamp. Bounded, and only for lost answers.
/// </summary>
public sealed class Retrying_a_lost_answer
{
    private const string Approved =
        """{"purchaseId":"0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","receiptNo":"R1","status":"approved","declineCode":null,"elder":null,"item":"meal","quantity":1,"listPriceFen":1500,"priceFen":1500,"split":{"fiscalFen":1200,"collectiveFen":225,"charityFen":75,"familyFen":0},"remainingCaps":{"fiscalFen":28800,"collectiveFen":9775,"charityFen":4925},"occurredAt":"2026-11-28T11:42:05+08:00","bookedAt":"2026-11-28T11:42:06+08:00"}""";

    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void NewClock() => _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 3, 42, 5, TimeSpan.Zero));

    private (TerminalClient Client, FakeServer Server) NewClient(
        int maxAttempts = 4,
        TimeSpan? attemptTimeout = null,
        TimeProvider? time = null
    )
    {
        var server = new FakeServer();
        var options = new TerminalClientOptions
        {
            MaxAttempts = maxAttempts,
            InitialBackoff = TimeSpan.Zero,
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10),
            Time = time ?? _clock,
        };
        return (new TerminalClient(new HttpClient(server), options, Independent.Credentials()), server);
    }

    /// <summary>Each send happens a few seconds after the last, as after a real timeout.</summary>
    private Task<HttpResponseMessage> Later(HttpResponseMessage response)
    {
        _clock.Advance(TimeSpan.FromSeconds(3));
        return Task.FromResult(response);
    }

    [Test]
    public async Task Resends_the_same_key_and_body_bytes_with_a_fresh_nonce_and_timestamp_after_a_dropped_answer()
    {
        var (client, server) = NewClient();
        server.Respond = (_, n, _) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(3));
            // The first purchase reached the server, but its answer never came back.
            return n == 1
                ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")
                : Task.FromResult(FakeServer.Json(HttpStatusCode.OK, Approved));
        };

        var answer = await client.PurchaseAsync(new PurchaseRequest(Credential.Card("A12345678"), "meal"), "key-1");

        Assert.That(answer.ReceiptNo, Is.EqualTo("R1"));
        var (first, second) = (server.Received[0], server.Received[1]);
        Assert.That(server.Received, Has.Count.EqualTo(2));
        Assert.That(second.Header("Idempotency-Key"), Is.EqualTo("key-1").And.EqualTo(first.Header("Idempotency-Key")));
        Assert.That(second.Body, Is.EqualTo(first.Body), "the same body bytes, occurredAt included");
        Assert.That(second.Header("X-LoveCard-Nonce"), Is.Not.EqualTo(first.Header("X-LoveCard-Nonce")));
        Assert.That(
            long.Parse(second.Header("X-LoveCard-Timestamp")!),
            Is.GreaterThan(long.Parse(first.Header("X-LoveCard-Timestamp")!))
        );
        Assert.That(second.Header("X-LoveCard-Signature"), Is.Not.EqualTo(first.Header("X-LoveCard-Signature")));
        Assert.That(server.Received.Select(r => Independent.Verifies(r, Independent.Key)), Has.All.True);
    }

    [Test]
    public async Task Resends_after_a_timeout()
    {
        var (client, server) = NewClient(attemptTimeout: TimeSpan.FromMilliseconds(200));
        server.Respond = async (_, n, ct) =>
        {
            if (n == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return FakeServer.Json(HttpStatusCode.OK, Approved);
        };

        await client.PurchaseAsync(new PurchaseRequest(Credential.Face("face-1"), "meal"), "key-2");

        Assert.That(server.Received, Has.Count.EqualTo(2));
        Assert.That(server.Received.Select(r => r.Header("Idempotency-Key")), Has.All.EqualTo("key-2"));
        Assert.That(server.Received[1].Body, Is.EqualTo(server.Received[0].Body));
        Assert.That(
            server.Received[1].Header("X-LoveCard-Nonce"),
            Is.Not.EqualTo(server.Received[0].Header("X-LoveCard-Nonce"))
        );
    }

    [Test]
    public async Task Resends_after_a_server_error_and_reports_the_replay()
    {
        var (client, server) = NewClient();
        server.Respond = (_, n, _) =>
        {
            if (n == 1)
            {
                return Later(
                    FakeServer.Problem(
                        HttpStatusCode.ServiceUnavailable,
                        "database_unavailable",
                        "The database is unreachable."
                    )
                );
            }

            var ok = FakeServer.Json(HttpStatusCode.OK, Approved);
            ok.Headers.Add("Idempotent-Replayed", "true");
            return Later(ok);
        };
        var body = ProtocolJson.Serialize(new PurchaseRequest(Credential.Card("A12345678"), "meal"));

        var response = await client.PostIdempotentAsync("/terminal/v1/purchases", body, "key-3");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Replayed, Is.True);
        Assert.That(response.Attempts, Is.EqualTo(2));
        Assert.That(server.Received.Select(r => r.Header("Idempotency-Key")), Has.All.EqualTo("key-3"));
    }

    [Test]
    public void Stops_after_the_allowed_attempts_and_hands_back_the_key()
    {
        var (client, server) = NewClient(maxAttempts: 3);
        server.Respond = (_, _, _) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        var e = Assert.ThrowsAsync<TerminalUnreachableException>(() =>
            client.PurchaseAsync(new PurchaseRequest(Credential.Card("A12345678"), "meal"), "key-4")
        );

        Assert.That(server.Received, Has.Count.EqualTo(3));
        Assert.That(e!.Attempts, Is.EqualTo(3));
        Assert.That(e.IdempotencyKey, Is.EqualTo("key-4"), "so the terminal can look the purchase up");
    }

    [Test]
    public void Returns_the_last_server_error_when_every_attempt_got_one()
    {
        var (client, server) = NewClient(maxAttempts: 3);
        server.Respond = (_, _, _) =>
            Later(
                FakeServer.Problem(
                    HttpStatusCode.ServiceUnavailable,
                    "database_unavailable",
                    "The database is unreachable."
                )
            );

        var e = Assert.ThrowsAsync<TerminalProblemException>(() => client.GetCatalogAsync());

        Assert.That(server.Received, Has.Count.EqualTo(3));
        Assert.That(e!.Code, Is.EqualTo("database_unavailable"));
    }

    [TestCase(HttpStatusCode.BadRequest, "invalid_json")]
    [TestCase(HttpStatusCode.Unauthorized, "signature_invalid")]
    [TestCase(HttpStatusCode.Conflict, "already_voided")]
    [TestCase(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused")]
    public void Never_resends_after_an_answer_that_refuses(HttpStatusCode status, string code)
    {
        var (client, server) = NewClient();
        server.Respond = (_, _, _) => Later(FakeServer.Problem(status, code, "refused"));

        var e = Assert.ThrowsAsync<TerminalProblemException>(() =>
            client.PurchaseAsync(new PurchaseRequest(Credential.Card("A12345678"), "meal"))
        );

        Assert.That(e!.Code, Is.EqualTo(code));
        Assert.That(server.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Waits_for_Retry_After_on_429()
    {
        // Real time here: the point is that the client really waits.
        var (client, server) = NewClient(time: TimeProvider.System);
        server.Respond = (_, n, _) =>
        {
            if (n == 1)
            {
                var limited = FakeServer.Problem(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests.");
                limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(
                    TimeSpan.FromSeconds(1)
                );
                return Task.FromResult(limited);
            }

            return Task.FromResult(FakeServer.Json(HttpStatusCode.OK, Approved));
        };
        var watch = Stopwatch.StartNew();

        await client.PurchaseAsync(new PurchaseRequest(Credential.Card("A12345678"), "meal"), "key-5");

        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)));
        Assert.That(server.Received.Select(r => r.Header("Idempotency-Key")), Is.EqualTo(new[] { "key-5", "key-5" }));
    }

    [Test]
    public void Does_not_resend_an_activation_whose_answer_timed_out()
    {
        // Activation codes are single-use: a resend of a request that did arrive would burn the key.
        var server = new FakeServer
        {
            Respond = async (_, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return FakeServer.Json(HttpStatusCode.OK, "{}");
            },
        };
        using var client = new TerminalClient(
            new HttpClient(server),
            new TerminalClientOptions
            {
                AttemptTimeout = TimeSpan.FromMilliseconds(200),
                InitialBackoff = TimeSpan.Zero,
            }
        );

        Assert.ThrowsAsync<TerminalUnreachableException>(() => client.ActivateAsync("T-1", "CODE"));
        Assert.That(server.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public void Stops_when_the_caller_cancels()
    {
        var (client, server) = NewClient(attemptTimeout: TimeSpan.FromSeconds(30));
        server.Respond = async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return FakeServer.Json(HttpStatusCode.OK, Approved);
        };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(
            async () => await client.GetCatalogAsync(cancel.Token),
            Throws.InstanceOf<OperationCanceledException>()
        );
        Assert.That(server.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Corrects_its_clock_once_after_a_timestamp_skew_and_signs_again()
    {
        var (client, server) = NewClient();
        var serverNow = _clock.GetUtcNow().AddMinutes(20);
        server.Respond = (r, n, _) =>
        {
            if (n == 1)
            {
                var skew = FakeServer.Problem(
                    HttpStatusCode.Unauthorized,
                    "timestamp_skew",
                    "The timestamp is more than 300 s from server time."
                );
                skew.Headers.Add(
                    "X-LoveCard-Server-Time",
                    serverNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)
                );
                return Task.FromResult(skew);
            }

            return Task.FromResult(FakeServer.Json(HttpStatusCode.OK, """{"items":[]}"""));
        };

        await client.GetCatalogAsync();

        Assert.That(server.Received, Has.Count.EqualTo(2));
        Assert.That(
            long.Parse(server.Received[1].Header("X-LoveCard-Timestamp")!),
            Is.EqualTo(serverNow.ToUnixTimeSeconds()).Within(1)
        );
        Assert.That(Independent.Verifies(server.Received[1], Independent.Key), Is.True);
    }

    [Test]
    public async Task Signs_afresh_and_resends_under_the_same_key_when_its_own_earlier_copy_used_the_nonce()
    {
        var (client, server) = NewClient();
        server.Respond = (_, n, _) =>
            n == 1
                ? Later(
                    FakeServer.Problem(HttpStatusCode.Unauthorized, "nonce_replayed", "This nonce was used before.")
                )
                : Later(FakeServer.Json(HttpStatusCode.OK, Approved));
        var body = ProtocolJson.Serialize(new PurchaseRequest(Credential.Card("A12345678"), "meal"));

        var response = await client.PostIdempotentAsync("/terminal/v1/purchases", body, "key-nonce");

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Received, Has.Count.EqualTo(2));
            Assert.That(server.Received.Select(r => r.Header("Idempotency-Key")), Has.All.EqualTo("key-nonce"));
            Assert.That(
                server.Received[1].Header("X-LoveCard-Nonce"),
                Is.Not.EqualTo(server.Received[0].Header("X-LoveCard-Nonce"))
            );
            Assert.That(Independent.Verifies(server.Received[1], Independent.Key), Is.True);
        });
    }

    [Test]
    public async Task Gives_up_after_one_fresh_signature_when_the_nonce_is_refused_again()
    {
        var (client, server) = NewClient();
        server.Respond = (_, _, _) =>
            Later(FakeServer.Problem(HttpStatusCode.Unauthorized, "nonce_replayed", "This nonce was used before."));

        var response = await client.GetAsync("/terminal/v1/catalog");

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(server.Received, Has.Count.EqualTo(2), "one fresh signature, then the refusal is the caller's");
        });
    }
}
