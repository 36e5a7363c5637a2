using System.Net;
using System.Text;
using System.Text.Json;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>TERMINAL-PROTOCOL.md, "Signed requests": each 401 code, the body limit, the raw target, the time
/// endpoint.</summary>
public sealed class Verifying_signed_requests
{
    private const string WhoAmI = "/terminal/v1/test-gateway/whoami";

    private static ServiceHost Host => GatewayHost.Host;

    private TestTerminal _terminal = null!;
    private TestTerminal _other = null!;

    [OneTimeSetUp]
    public async Task RegisterTerminals()
    {
        _terminal = await TestTerminal.RegisterAndActivateAsync(Host, county: "330902");
        _other = await TestTerminal.RegisterAndActivateAsync(Host);
    }

    [Test]
    public async Task Accepts_a_signed_request_and_tells_the_handler_which_terminal_it_is()
    {
        var response = await _terminal.GetAsync(WhoAmI);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(body.RootElement.GetProperty("terminalId").GetString(), Is.EqualTo(_terminal.TerminalId));
            Assert.That(body.RootElement.GetProperty("providerId").GetGuid(), Is.EqualTo(_terminal.ProviderId));
            Assert.That(body.RootElement.GetProperty("county").GetString(), Is.EqualTo("330902"));
        });
    }

    [Test]
    public async Task Signs_the_query_exactly_as_sent_on_the_request_line()
    {
        var response = await _terminal.GetAsync(WhoAmI + "?date=2026-11-28&name=%E7%8E%8B&x=a%20b");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Leaves_the_body_readable_for_model_binding()
    {
        var response = await _terminal.PostJsonAsync(
            "/terminal/v1/test-gateway/echo",
            new { text = "王小华", number = 42 }
        );

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("text").GetString(), Is.EqualTo("王小华"));
        Assert.That(body.RootElement.GetProperty("number").GetInt32(), Is.EqualTo(42));
    }

    [Test]
    public async Task Answers_signature_missing_without_the_headers()
    {
        using var http = Host.CreateClient();

        var response = await http.GetAsync(WhoAmI);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "signature_missing");
    }

    [Test]
    public async Task Answers_signature_invalid_for_a_request_signed_with_another_terminal_s_key()
    {
        var impostor = new TestTerminal(_terminal.Http, _terminal.TerminalId, _other.Key, _other.KeyVersion);

        var response = await impostor.GetAsync(WhoAmI);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "signature_invalid");
    }

    [Test]
    public async Task Answers_signature_invalid_for_a_body_changed_after_signing()
    {
        var request = _terminal.CreateRequest(
            HttpMethod.Post,
            "/terminal/v1/test-gateway/echo",
            Encoding.UTF8.GetBytes("""{"text":"a","number":1}""")
        );
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"text":"a","number":2}"""));
        request.Content.Headers.ContentType = new("application/json");

        var response = await _terminal.Http.SendAsync(request);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "signature_invalid");
    }

    [Test]
    public async Task Answers_timestamp_skew_for_a_stale_timestamp()
    {
        var stale = DateTimeOffset.UtcNow.AddSeconds(-301).ToUnixTimeSeconds();

        var response = await _terminal.SendAsync(HttpMethod.Get, WhoAmI, timestamp: stale);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "timestamp_skew");
    }

    [Test]
    public async Task Answers_timestamp_skew_for_a_timestamp_from_the_future()
    {
        var ahead = DateTimeOffset.UtcNow.AddSeconds(400).ToUnixTimeSeconds();

        var response = await _terminal.SendAsync(HttpMethod.Get, WhoAmI, timestamp: ahead);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "timestamp_skew");
    }

    [Test]
    public async Task Answers_nonce_replayed_for_a_nonce_used_before()
    {
        var nonce = TestTerminal.NewNonce();
        var first = await _terminal.SendAsync(HttpMethod.Get, WhoAmI, nonce: nonce);

        var replay = await _terminal.SendAsync(HttpMethod.Get, WhoAmI, nonce: nonce);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertRefusedAsync(replay, HttpStatusCode.Unauthorized, "nonce_replayed");
        var otherTerminal = await _other.SendAsync(HttpMethod.Get, WhoAmI, nonce: nonce);
        Assert.That(otherTerminal.StatusCode, Is.EqualTo(HttpStatusCode.OK), "nonces are scoped to the terminal");
    }

    [Test]
    public async Task Answers_signature_invalid_for_a_malformed_nonce()
    {
        var response = await _terminal.SendAsync(HttpMethod.Get, WhoAmI, nonce: "short");

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "signature_invalid");
    }

    [Test]
    public async Task Answers_terminal_unknown_for_a_terminal_never_registered()
    {
        var stranger = new TestTerminal(_terminal.Http, TestTerminal.NewTerminalId(), _terminal.Key, 1);

        var response = await stranger.GetAsync(WhoAmI);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "terminal_unknown");
    }

    [Test]
    public async Task Answers_terminal_disabled_once_whitelist_disabled_it()
    {
        var terminal = await TestTerminal.RegisterAndActivateAsync(Host);
        Assert.That((await terminal.GetAsync(WhoAmI)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await TestTerminal.DisableAsync(Host, terminal.TerminalId, terminal.ProviderId, version: 2);
        var response = await terminal.GetAsync(WhoAmI);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "terminal_disabled");
    }

    [Test]
    public async Task Answers_body_too_large_over_16_KiB()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"text":"{{new string('x', 16 * 1024)}}","number":1}""");

        var response = await _terminal.PostAsync("/terminal/v1/test-gateway/echo", body);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Test]
    public async Task Answers_the_time_unsigned_even_to_a_terminal_with_a_wrong_clock()
    {
        using var http = Host.CreateClient();
        var skewed = await _terminal.SendAsync(HttpMethod.Get, "/terminal/v1/time", timestamp: 1);

        var response = await http.GetAsync("/terminal/v1/time");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(skewed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var serverTime = body.RootElement.GetProperty("serverTime").GetString()!;
        var unix = body.RootElement.GetProperty("unixSeconds").GetInt64();
        Assert.Multiple(() =>
        {
            Assert.That(serverTime, Does.EndWith("+08:00"));
            Assert.That(
                DateTimeOffset.Parse(serverTime, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
                Is.EqualTo(unix)
            );
            Assert.That(unix, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(5));
        });
    }

    [Test]
    public async Task Documents_the_unsigned_endpoints_in_the_OpenAPI_document()
    {
        using var http = Host.CreateClient();

        var document = await http.GetStringAsync("/openapi/v1.json");

        Assert.That(document, Does.Contain("/terminal/v1/activation").And.Contain("/terminal/v1/time"));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        });
        Assert.That(await TestTerminal.ProblemCodeAsync(response), Is.EqualTo(code), text);
    }
}
