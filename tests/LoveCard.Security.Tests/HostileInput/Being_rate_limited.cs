using System.Net;
using LoveCard.Settlement;

namespace LoveCard.Security.Tests.HostileInput;

/// <summary>
/// Issue 9: a clear 429 with <c>Retry-After</c> from both limiters, the per-IP one on the people APIs
/// and the terminal gateway's, and the bucket's state in <c>RateLimit-*</c> headers on the refusal
/// too. A second settlement instance with buckets of 2, so the shared services keep their high limits.
/// </summary>
public sealed class Being_rate_limited
{
    private ServiceHost _settlement = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _settlement = await ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?>
            {
                ["Cards:BaseUrl"] = Services.Cards.BaseAddress.ToString().TrimEnd('/'),
                ["RateLimits:PerIpTokensPerSecond"] = "1",
                ["RateLimits:PerIpBurst"] = "2",
                ["Terminal:RateLimit:UnsignedTokensPerSecond"] = "1",
                ["Terminal:RateLimit:UnsignedBurst"] = "2",
            }
        );

    [OneTimeTearDown]
    public async Task StopAsync() => await _settlement.DisposeAsync();

    [TestCase("/terminal/v1/time", TestName = "The terminal gateway refuses with Retry-After and the bucket's state")]
    [TestCase(
        "/api/public/counties/331102/stats",
        TestName = "The people APIs refuse with Retry-After and the bucket's state"
    )]
    public async Task Refuses_with_retry_after_and_the_bucket_state(string path)
    {
        using var client = _settlement.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await client.GetAsync(path));
        }

        var limited = answers.FirstOrDefault(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        var first = answers[0];
        Assert.Multiple(() =>
        {
            Assert.That(
                limited,
                Is.Not.Null,
                $"no 429 among {string.Join(", ", answers.Select(a => (int)a.StatusCode))}"
            );
            Assert.That(Header(first, "RateLimit-Limit"), Is.EqualTo("2"));
            Assert.That(
                Header(first, "RateLimit-Remaining"),
                Is.EqualTo("1"),
                "the first request took one of the two tokens"
            );
            Assert.That(limited?.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(limited is null ? null : Header(limited, "RateLimit-Remaining"), Is.EqualTo("0"));
            Assert.That(limited is null ? null : Header(limited, "RateLimit-Reset"), Is.Not.Null.And.Not.EqualTo("0"));
        });
        answers.ForEach(a => a.Dispose());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
