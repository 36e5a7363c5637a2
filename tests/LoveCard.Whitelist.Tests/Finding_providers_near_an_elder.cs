using System.Net;
using System.Net.Http.Json;
using LoveCard.Hosting.Auth;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>
/// Issue 17: <c>GET /api/directory/providers</c>, the elder app's directory: whitelisted providers of
/// the elder's home county by service type, with each item's price after the provider's discount.
/// </summary>
public sealed class Finding_providers_near_an_elder
{
    [Test]
    public async Task An_elder_sees_the_whitelisted_providers_of_its_county_with_discounted_prices()
    {
        var county = NewCounty();
        await SetStandardAsync(county, ("meal", 1500), ("bath", 5000));
        var canteen = await WhitelistedProviderAsync(county, "meal_firm");
        var home = await WhitelistedProviderAsync(county, "care_institution");
        await CreateProviderAsync(county, "meal_firm"); // applied, not yet whitelisted: not listed
        await WhitelistedProviderAsync(NewCounty(), "meal_firm");
        using var bureau = await BureauAsync(county);
        await ReadAsync(
            await bureau.PutAsJsonAsync(
                $"/api/providers/{canteen}/items",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unitPriceFen = 1200L,
                            discountPercent = 10,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.OK
        );
        var elderId = Guid.NewGuid();
        await ScalarAsync<int>(
            "INSERT INTO elders (elder_id, home_county, eligible) VALUES (@elderId, @county, true) RETURNING 1",
            new { elderId, county }
        );
        var host = await HostAsync();
        using var elder = host.CreateClient(Roles.Elder, elder: elderId);
        using var stranger = host.CreateClient(Roles.Elder, elder: Guid.NewGuid());

        var all = await ReadAsync(await elder.GetAsync("/api/directory/providers"), HttpStatusCode.OK);
        var meals = await ReadAsync(
            await elder.GetAsync("/api/directory/providers?serviceType=meal_firm&sort=-creditScore"),
            HttpStatusCode.OK
        );
        var meal = meals["items"]![0]!["items"]![0]!;

        Assert.Multiple(async () =>
        {
            Assert.That(
                all["items"]!.AsArray().Select(p => p!["providerId"]!.GetValue<Guid>()),
                Is.EquivalentTo(new[] { canteen, home })
            );
            Assert.That(meals["total"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(meal["unitPriceFen"]!.GetValue<long>(), Is.EqualTo(1200));
            Assert.That(meal["priceFen"]!.GetValue<long>(), Is.EqualTo(1080), "10 % off for elders");
            await ProblemAsync(
                await stranger.GetAsync("/api/directory/providers"),
                HttpStatusCode.NotFound,
                "not_found"
            );
            await ProblemAsync(
                await elder.GetAsync("/api/directory/providers?serviceType=spa"),
                HttpStatusCode.BadRequest,
                "invalid_provider_type",
                "serviceType"
            );
            await ProblemAsync(
                await elder.GetAsync("/api/directory/providers?near=here"),
                HttpStatusCode.BadRequest,
                "unknown_parameter",
                "near"
            );
        });
    }

    [Test]
    public async Task The_bureau_lists_provider_applications_sorted_on_the_server()
    {
        var county = NewCounty();
        var first = await CreateProviderAsync(county);
        Clock.Advance(TimeSpan.FromSeconds(1)); // the service's clock is the tests' own
        var second = await CreateProviderAsync(county);
        await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);

        var applications = await ReadAsync(
            await bureau.GetAsync("/api/providers?status=applied&sort=-createdAt"),
            HttpStatusCode.OK
        );
        await ProblemAsync(
            await bureau.GetAsync("/api/providers?sort=password"),
            HttpStatusCode.BadRequest,
            "invalid_sort",
            "sort"
        );

        Assert.That(
            applications["items"]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>()),
            Is.EqualTo(new[] { second, first })
        );
    }
}
