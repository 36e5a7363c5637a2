using System.Net;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>TERMINAL-PROTOCOL.md: too many requests answer <c>429 rate_limited</c> with <c>Retry-After</c>. A host of
/// its own with small buckets.</summary>
public sealed class Rate_limiting_terminals
{
    private ServiceHost _host = null!;
    private TestTerminal _terminal = null!;

    [OneTimeSetUp]
    public async Task StartWithSmallBuckets()
    {
        _host = await GatewayHost.StartWithTestEndpointsAsync(
            new Dictionary<string, string?>
            {
                ["Terminal:RateLimit:TerminalTokensPerSecond"] = "1",
                ["Terminal:RateLimit:TerminalBurst"] = "5",
                ["Terminal:RateLimit:UnsignedTokensPerSecond"] = "1",
                ["Terminal:RateLimit:UnsignedBurst"] = "5",
            }
        );
        _terminal = await TestTerminal.RegisterAndActivateAsync(_host);
        _terminal = new TestTerminal(_host.CreateClient(), _terminal.TerminalId, _terminal.Key, _terminal.KeyVersion);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task Answers_rate_limited_with_Retry_After_past_a_terminal_s_burst()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            responses.Add(await _terminal.GetAsync("/terminal/v1/test-gateway/whoami"));
        }

        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.That(limited, Is.Not.Null, string.Join(",", responses.Select(r => (int)r.StatusCode)));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.InRange(5, 8));
            Assert.That(limited!.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(await TestTerminal.ProblemCodeAsync(limited), Is.EqualTo("rate_limited"));
        });
    }

    [Test]
    public async Task Limits_unsigned_requests_per_client_address()
    {
        using var http = _host.CreateClient();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            responses.Add(await http.GetAsync("/terminal/v1/time"));
        }

        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.That(limited, Is.Not.Null, string.Join(",", responses.Select(r => (int)r.StatusCode)));
        Assert.That(limited!.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(await TestTerminal.ProblemCodeAsync(limited), Is.EqualTo("rate_limited"));
    }
}
