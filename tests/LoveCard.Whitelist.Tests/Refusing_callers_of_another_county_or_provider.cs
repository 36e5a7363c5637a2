using System.Net;
using System.Net.Http.Json;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>
/// Every endpoint checks the object, not just the role (ARCHITECTURE.md, "Auth"): another county's
/// bureau and another provider are refused everywhere, and nothing changes.
/// </summary>
public sealed class Refusing_callers_of_another_county_or_provider
{
    private string _county = "";
    private Guid _provider;
    private string _terminalId = "";

    [OneTimeSetUp]
    public async Task CreateTheTarget()
    {
        _county = NewCounty();
        await SetStandardAsync(_county, ("meal", 1500));
        _provider = await WhitelistedProviderAsync(_county);
        using var self = await ProviderClientAsync(_provider);
        await ReadAsync(
            await self.PutAsJsonAsync(
                $"/api/providers/{_provider}/items",
                new { items = new[] { new { itemCode = "meal", unitPriceFen = 1000L } } },
                Json
            ),
            HttpStatusCode.OK
        );
        var terminal = await ReadAsync(
            await self.PostAsJsonAsync($"/api/providers/{_provider}/terminals", new { model = "LC-POS 3" }, Json),
            HttpStatusCode.Created
        );
        _terminalId = terminal["terminal"]!["terminalId"]!.GetValue<string>();
    }

    /// <summary>Every endpoint on the target, with a body that would be accepted from the right caller.</summary>
    private IEnumerable<(HttpMethod Method, string Path, object? Body)> Endpoints()
    {
        var p = $"/api/providers/{_provider}";
        yield return (HttpMethod.Get, p, null);
        yield return (HttpMethod.Get, $"{p}/status-history", null);
        yield return (HttpMethod.Post, $"{p}/whitelist", new { reason = "x" });
        yield return (HttpMethod.Post, $"{p}/suspend", new { reason = "x" });
        yield return (HttpMethod.Post, $"{p}/exit", new { reason = "x" });
        yield return (HttpMethod.Get, $"{p}/items", null);
        yield return (
            HttpMethod.Put,
            $"{p}/items",
            new { items = new[] { new { itemCode = "meal", unitPriceFen = 1L } } }
        );
        yield return (
            HttpMethod.Post,
            $"{p}/credit-events",
            new
            {
                type = "complaint",
                points = 50,
                note = "x",
            }
        );
        yield return (HttpMethod.Get, $"{p}/credit", null);
        yield return (HttpMethod.Get, $"{p}/terminals", null);
        yield return (HttpMethod.Post, $"{p}/terminals", new { model = "X" });
        yield return (HttpMethod.Post, $"{p}/terminals/{_terminalId}/activation-code", new { });
        yield return (HttpMethod.Post, $"{p}/terminals/{_terminalId}/disable", new { reason = "x" });
        yield return (HttpMethod.Get, $"{p}/care-workers", null);
        yield return (
            HttpMethod.Post,
            $"{p}/care-workers",
            new
            {
                name = "李小梅",
                certificateNumber = "CW-AUTH-" + _county,
                certificateLevel = "junior",
                validUntil = Today.AddYears(1),
            }
        );
        yield return (HttpMethod.Get, $"/api/counties/{_county}/price-standards", null);
        yield return (
            HttpMethod.Put,
            $"/api/counties/{_county}/price-standards",
            new
            {
                items = new[]
                {
                    new
                    {
                        itemCode = "meal",
                        unit = "餐",
                        ceilingFen = 1L,
                    },
                },
            }
        );
        yield return (HttpMethod.Get, $"/api/counties/{_county}/care-worker-ratio", null);
        yield return (HttpMethod.Get, $"/api/providers?county={_county}", null);
        yield return (HttpMethod.Post, "/api/providers", ProviderBody(_county));
    }

    /// <param name="providerCaller">
    /// A provider caller: the listing answers 200 with itself only, and applying again under its own,
    /// existing id is a 409 <c>provider_id_taken</c>.
    /// </param>
    /// <param name="sameCounty">A provider of the same county may read that county's price standards.</param>
    private async Task AssertRefusedEverywhereAsync(
        HttpClient client,
        bool providerCaller = false,
        bool sameCounty = false
    )
    {
        var outboxBefore = await ScalarAsync<long>("SELECT count(*) FROM outbox");
        var failures = new List<string>();
        foreach (var (method, path, body) in Endpoints())
        {
            using var request = new HttpRequestMessage(method, path)
            {
                Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
            };
            using var response = await client.SendAsync(request);
            if (providerCaller && path.StartsWith("/api/providers?", StringComparison.Ordinal))
            {
                var page = await ReadAsync(response, HttpStatusCode.OK);
                if (page["items"]!.AsArray().Any(i => i!["id"]!.GetValue<Guid>() == _provider))
                {
                    failures.Add($"{method} {path}: listed the other provider");
                }

                continue;
            }

            if (sameCounty && method == HttpMethod.Get && path.EndsWith("/price-standards", StringComparison.Ordinal))
            {
                await ReadAsync(response, HttpStatusCode.OK);
                continue;
            }

            if (providerCaller && method == HttpMethod.Post && path == "/api/providers")
            {
                await ProblemAsync(response, HttpStatusCode.Conflict, "provider_id_taken");
                continue;
            }

            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
            {
                failures.Add(
                    $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
                );
            }
        }

        Assert.That(failures, Is.Empty);
        Assert.Multiple(async () =>
        {
            Assert.That(
                await ScalarAsync<string>(
                    "SELECT status || '/' || credit_score FROM providers WHERE id = @_provider",
                    new { _provider }
                ),
                Is.EqualTo("whitelisted/100")
            );
            Assert.That(
                await ScalarAsync<long>(
                    "SELECT unit_price_fen FROM provider_items WHERE provider_id = @_provider",
                    new { _provider }
                ),
                Is.EqualTo(1000)
            );
            Assert.That(
                await ScalarAsync<string>(
                    "SELECT status FROM terminals WHERE terminal_id = @_terminalId",
                    new { _terminalId }
                ),
                Is.EqualTo("active")
            );
            Assert.That(
                await ScalarAsync<long>(
                    "SELECT count(*) FROM care_workers WHERE provider_id = @_provider",
                    new { _provider }
                ),
                Is.Zero
            );
            Assert.That(
                await ScalarAsync<long>("SELECT count(*) FROM outbox"),
                Is.EqualTo(outboxBefore),
                "nothing was published"
            );
        });
    }

    [Test]
    public async Task Refuses_the_bureau_of_another_county_everywhere()
    {
        using var client = await BureauAsync(NewCounty());
        await AssertRefusedEverywhereAsync(client);
    }

    [Test]
    public async Task Refuses_another_provider_everywhere()
    {
        var other = await WhitelistedProviderAsync(NewCounty());
        using var client = await ProviderClientAsync(other);
        await AssertRefusedEverywhereAsync(client, providerCaller: true);
    }

    [Test]
    public async Task Refuses_another_provider_in_the_same_county_everywhere()
    {
        var other = await WhitelistedProviderAsync(_county);
        using var client = await ProviderClientAsync(other);
        await AssertRefusedEverywhereAsync(client, providerCaller: true, sameCounty: true);
    }

    [Test]
    public async Task Refuses_the_provider_itself_the_bureau_decisions()
    {
        using var self = await ProviderClientAsync(_provider);
        foreach (var action in new[] { "whitelist", "suspend", "exit" })
        {
            await ProblemAsync(
                await self.PostAsJsonAsync(
                    $"/api/providers/{_provider}/{action}",
                    new { reason = "self-service" },
                    Json
                ),
                HttpStatusCode.Forbidden,
                "forbidden"
            );
        }

        await ProblemAsync(
            await self.PostAsJsonAsync(
                $"/api/providers/{_provider}/credit-events",
                new
                {
                    type = "commendation",
                    points = 10,
                    note = "me",
                },
                Json
            ),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await ProblemAsync(
            await self.PutAsJsonAsync(
                $"/api/counties/{_county}/price-standards",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unit = "餐",
                            ceilingFen = 99999L,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        Assert.That(
            await ScalarAsync<string>(
                "SELECT status || '/' || credit_score FROM providers WHERE id = @_provider",
                new { _provider }
            ),
            Is.EqualTo("whitelisted/100")
        );
    }
}
