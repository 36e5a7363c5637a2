using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using Npgsql;

namespace LoveCard.Security.Tests.Authorization;

/// <summary>
/// What a township or village official's reads hold (ADR 0044): the matrix proves who gets an answer, these
/// prove the answer is narrowed to the area: elders of its villages, the providers placed in its township and
/// those providers' anomalies; contact details and unmasked personal data stay with the county.
/// </summary>
public sealed class Area_officials
{
    private static HttpClient Client(ServiceHost host, World world, string caller)
    {
        var client = host.CreateClient();
        var role = caller.StartsWith('t') ? Roles.Township : Roles.Village;
        var token = host.Token(
            role,
            world.A.County,
            subject: "area-" + caller,
            area: IdentityAccounts.AreaOf(world, caller)
        );
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonArray> ItemsAsync(ServiceHost host, World world, string caller, string path)
    {
        using var client = Client(host, world, caller);
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{caller} {path}: {body}");
        return JsonNode.Parse(body)!["items"]!.AsArray();
    }

    private static IEnumerable<string> Values(JsonArray items, string field) =>
        items.Select(i => i![field]?.ToString() ?? "");

    [TestCase("twp")]
    [TestCase("vil")]
    public async Task Elders_are_those_of_the_area(string caller)
    {
        var world = await World.GetAsync();
        var area = IdentityAccounts.AreaOf(world, caller);
        var path = $"/api/elders?county={world.A.County}&pageSize=100";
        var own = await ItemsAsync(Services.Eligibility, world, caller, path);
        var other = await ItemsAsync(Services.Eligibility, world, caller + "-x", path);
        var care = await ItemsAsync(
            Services.Eligibility,
            world,
            caller,
            $"/api/counties/{world.A.County}/visiting-care?pageSize=100"
        );
        var otherCare = await ItemsAsync(
            Services.Eligibility,
            world,
            caller + "-x",
            $"/api/counties/{world.A.County}/visiting-care?pageSize=100"
        );
        using var client = Client(Services.Eligibility, world, caller);
        using var unmasked = await client.GetAsync($"/api/elders/{world.A.ElderId}?purpose=home-visit");
        var elder = world.A.ElderId.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(Values(own, "elderId"), Does.Contain(elder));
            Assert.That(Values(own, "villageCode"), Is.All.StartsWith(area));
            Assert.That(Values(other, "elderId"), Does.Not.Contain(elder), "another area of the county");
            Assert.That(Values(care, "elderId"), Does.Contain(elder), "elder A lives alone: due a visit");
            Assert.That(Values(care, "villageCode"), Is.All.StartsWith(area));
            Assert.That(Values(otherCare, "elderId"), Does.Not.Contain(elder));
            Assert.That(unmasked.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "masked data only");
        });
    }

    [TestCase("twp")]
    [TestCase("vil")]
    public async Task Providers_are_those_of_the_township(string caller)
    {
        var world = await World.GetAsync();
        var township = IdentityAccounts.AreaOf(world, caller)[..9];
        var own = await ItemsAsync(Services.Whitelist, world, caller, "/api/providers?pageSize=100");
        // Another township: a village official of the same township ("vil-x") reads the same providers.
        var other = await ItemsAsync(Services.Whitelist, world, "twp-x", "/api/providers?pageSize=100");
        var sibling = await ItemsAsync(Services.Whitelist, world, "vil-x", "/api/providers?pageSize=100");
        var provider = world.A.ProviderId.ToString();
        var mine = own.Single(p => p!["id"]!.ToString() == provider)!;
        Assert.Multiple(() =>
        {
            Assert.That(Values(own, "township"), Is.All.EqualTo(township));
            Assert.That(mine["contactPhone"]!.GetValue<string>(), Does.Contain("*"), "contact masked");
            Assert.That(Values(other, "id"), Does.Not.Contain(provider), "another township of the county");
            Assert.That(Values(sibling, "id"), Does.Contain(provider), "another village of the township");
        });
    }

    [Test]
    public async Task Anomalies_are_those_of_the_townships_providers()
    {
        var world = await World.GetAsync();
        var county = world.A.County;
        var township = IdentityAccounts.AreaOf(world, "twp");
        await using var db = new NpgsqlConnection(Services.Settlement.ConnectionString);
        await Eventually.AssertAsync(
            async () =>
                await db.ExecuteScalarAsync<string?>(
                    "SELECT township FROM rm_providers WHERE provider_id = @id",
                    new { id = world.A.ProviderId }
                ) == township,
            TimeSpan.FromSeconds(30),
            () => "settlement hears provider A's township from whitelist"
        );
        var ours = Guid.NewGuid();
        var elsewhere = Guid.NewGuid();
        const string insert = """
            INSERT INTO anomalies (anomaly_id, dedup_key, rule, county, provider_id, credit_points, evidence, status,
                raised_at)
            VALUES (@id, @id::text, 'meals_per_day', @county, @provider, 0, '{}', 'open', now())
            """;
        await db.ExecuteAsync(
            insert,
            new
            {
                id = ours,
                county,
                provider = world.A.ProviderId,
            }
        );
        await db.ExecuteAsync(
            insert,
            new
            {
                id = elsewhere,
                county,
                provider = Guid.NewGuid(),
            }
        );
        var path = $"/api/anomalies?county={county}&status=open&pageSize=100";
        var twp = await ItemsAsync(Services.Settlement, world, "twp", path);
        var vil = await ItemsAsync(Services.Settlement, world, "vil", path);
        var other = await ItemsAsync(Services.Settlement, world, "twp-x", path);
        Assert.Multiple(() =>
        {
            Assert.That(Values(twp, "anomalyId"), Does.Contain(ours.ToString()));
            Assert.That(Values(twp, "anomalyId"), Does.Not.Contain(elsewhere.ToString()));
            Assert.That(Values(twp, "providerId"), Is.All.EqualTo(world.A.ProviderId.ToString()));
            Assert.That(Values(vil, "anomalyId"), Does.Contain(ours.ToString()), "the village's township");
            Assert.That(Values(other, "anomalyId"), Does.Not.Contain(ours.ToString()));
        });
    }
}
