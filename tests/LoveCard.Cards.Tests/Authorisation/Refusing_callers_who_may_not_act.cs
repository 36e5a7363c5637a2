using System.Net;
using System.Net.Http.Json;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Authorisation;

/// <summary>
/// ARCHITECTURE.md "Auth": every endpoint checks the object, not just the role. Another county's
/// bureau, another elder, an agent for other elders and an unauthenticated caller are refused on
/// every endpoint, and nothing changes.
/// </summary>
public sealed class Refusing_callers_who_may_not_act
{
    private string _county = "";
    private Guid _cardId;
    private Guid _elderId;
    private string _cardNumber = "";

    [OneTimeSetUp]
    public async Task ProvisionACard()
    {
        _county = NewCounty();
        (_cardId, _elderId) = await ProvisionActiveAsync(_county);
        _cardNumber = (string)(await CardAsync(_cardId, _county))["cardNumber"]!;
    }

    public static IEnumerable<TestCaseData> Endpoints() =>
        new (string Method, string Path, object? Body)[]
        {
            ("GET", "/api/cards?county={county}", null),
            ("GET", "/api/cards/{card}", null),
            ("GET", "/api/cards/{card}/history", null),
            ("GET", "/api/cards/numbers/{number}", null),
            ("POST", "/api/cards/{card}/consent", new { givenBy = "elder", channel = "online" }),
            ("POST", "/api/cards/{card}/consent/withdraw", new { givenBy = "elder", channel = "online" }),
            ("POST", "/api/cards/{card}/suspend", new { reason = "lost" }),
            ("POST", "/api/cards/{card}/resume", new { }),
            ("POST", "/api/cards/{card}/replace", new { }),
            ("POST", "/api/cards/{card}/revoke", new { reason = "death" }),
            ("PUT", "/api/cards/{card}/modules", new { modules = new[] { "elder", "bus" } }),
            ("PUT", "/api/cards/{card}/face", new { faceId = "face-intruder" }),
            ("POST", "/api/cards/{card}/qr-codes", null),
            ("POST", "/api/cards/qr-keys/rotate", null),
        }.Select(e => new TestCaseData(e.Method, e.Path, e.Body).SetArgDisplayNames(e.Method, e.Path));

    private HttpRequestMessage Request(string method, string path, object? body)
    {
        var url = path.Replace("{card}", _cardId.ToString(), StringComparison.Ordinal)
            .Replace("{county}", _county, StringComparison.Ordinal)
            .Replace("{number}", _cardNumber, StringComparison.Ordinal);
        return new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
    }

    private async Task AssertRefusedAsync(
        HttpClient client,
        string method,
        string path,
        object? body,
        params HttpStatusCode[] allowed
    )
    {
        var version = await VersionAsync(_cardId);
        var events = (await OutboxAsync(_cardId.ToString())).Count;
        var response = await client.SendAsync(Request(method, path, body));
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.AnyOf(allowed), await response.Content.ReadAsStringAsync());
            Assert.That(await VersionAsync(_cardId), Is.EqualTo(version));
            Assert.That((await OutboxAsync(_cardId.ToString())).Count, Is.EqualTo(events));
        });
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_unauthenticated_caller_is_refused(string method, string path, object? body)
    {
        using var anonymous = Host.CreateClient();
        await AssertRefusedAsync(anonymous, method, path, body, HttpStatusCode.Unauthorized);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Another_countys_bureau_is_refused(string method, string path, object? body)
    {
        using var other = Bureau(NewCounty());
        await AssertRefusedAsync(other, method, path, body, HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Another_elder_is_refused(string method, string path, object? body)
    {
        using var other = Host.CreateClient("elder", elder: Guid.NewGuid());
        await AssertRefusedAsync(other, method, path, body, HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_agent_for_other_elders_is_refused(string method, string path, object? body)
    {
        using var other = Host.CreateClient("agent", elders: [Guid.NewGuid()]);
        var agentBody = body?.GetType().GetProperty("givenBy") is null
            ? body
            : new
            {
                givenBy = "agent",
                agent = new
                {
                    name = "李四",
                    idNumber = "330102199001011234",
                    relation = "son",
                    phone = "13900000000",
                },
                channel = "online",
            };
        await AssertRefusedAsync(other, method, path, agentBody, HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_elder_their_agent_and_their_bureau_may_read_the_card()
    {
        using var elder = Host.CreateClient("elder", elder: _elderId);
        using var agent = Host.CreateClient("agent", elders: [_elderId]);
        using var bureau = Bureau(_county);
        using var province = Host.CreateClient("province");
        foreach (var client in new[] { elder, agent, bureau, province })
        {
            var response = await client.GetAsync($"/api/cards/{_cardId}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }
}
