using System.Net;
using System.Net.Http.Json;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>County price standards and the prices providers charge under them (DOMAIN.md §4).</summary>
public sealed class Setting_prices
{
    [Test]
    public async Task Publishes_a_versioned_county_standard_with_county_added_items()
    {
        var county = NewCounty();
        await SetStandardAsync(county, ("meal", 1500), ("bath", 5000), ("haircut", 1000));
        using var bureau = await BureauAsync(county);
        var later = await ReadAsync(
            await bureau.PutAsJsonAsync(
                $"/api/counties/{county}/price-standards",
                new
                {
                    effectiveFrom = Today.AddDays(7),
                    reason = "meal ceiling lowered",
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unit = "餐",
                            ceilingFen = 1200,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.OK
        );
        Assert.That(later["version"]!.GetValue<int>(), Is.EqualTo(2));

        var standards = await ReadAsync(
            await bureau.GetAsync($"/api/counties/{county}/price-standards"),
            HttpStatusCode.OK
        );
        Assert.Multiple(() =>
        {
            Assert.That(standards["inForce"]!["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(
                standards["inForce"]!["items"]!
                    .AsArray()
                    .Select(i => $"{i!["itemCode"]}:{i["name"]}:{i["ceilingFen"]}"),
                Is.EqualTo(new[] { "bath:助浴:5000", "haircut:理发:1000", "meal:助餐:1500" })
            );
            Assert.That(
                standards["scheduled"]!.AsArray().Select(s => s!["version"]!.GetValue<int>()),
                Is.EqualTo(new[] { 2 })
            );
        });

        var events = await OutboxAsync($"price-standards:{county}", "PriceStandardChanged");
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e["aggregateVersion"]!.GetValue<long>()), Is.EqualTo(new[] { 1L, 2L }));
            Assert.That(
                events[1]["effectiveFrom"]!.GetValue<string>(),
                Is.EqualTo(Today.AddDays(7).ToString("yyyy-MM-dd"))
            );
            Assert.That(events[1]["items"]![0]!["ceilingFen"]!.GetValue<long>(), Is.EqualTo(1200));
        });
    }

    [Test]
    public async Task Refuses_a_standard_effective_in_the_past_or_with_a_bad_item()
    {
        var county = NewCounty();
        using var bureau = await BureauAsync(county);
        await ProblemAsync(
            await bureau.PutAsJsonAsync(
                $"/api/counties/{county}/price-standards",
                new
                {
                    effectiveFrom = Today.AddDays(-1),
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unit = "餐",
                            ceilingFen = 1200L,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.BadRequest,
            "effective_from_in_past",
            "effectiveFrom"
        );
        await ProblemAsync(
            await bureau.PutAsJsonAsync(
                $"/api/counties/{county}/price-standards",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unit = "餐",
                            ceilingFen = 0L,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.BadRequest,
            "invalid_ceiling",
            "items[0].ceilingFen"
        );
        var standards = await ReadAsync(
            await bureau.GetAsync($"/api/counties/{county}/price-standards"),
            HttpStatusCode.OK
        );
        Assert.That(standards["inForce"], Is.Null);
    }

    [Test]
    public async Task Refuses_a_price_above_the_ceiling_with_price_above_standard()
    {
        var county = NewCounty();
        await SetStandardAsync(county, ("meal", 1500), ("bath", 5000));
        var id = await WhitelistedProviderAsync(county);
        using var self = await ProviderClientAsync(id);

        var accepted = await ReadAsync(
            await self.PutAsJsonAsync(
                $"/api/providers/{id}/items",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unitPriceFen = 1500L,
                            discountPercent = 10,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.OK
        );
        Assert.That(
            accepted["items"]![0]!["unitPriceFen"]!.GetValue<long>(),
            Is.EqualTo(1500),
            "a price at the ceiling is allowed"
        );

        var refused = await ProblemAsync(
            await self.PutAsJsonAsync(
                $"/api/providers/{id}/items",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "bath",
                            unitPriceFen = 4000L,
                            discountPercent = 0,
                        },
                        new
                        {
                            itemCode = "meal",
                            unitPriceFen = 1501L,
                            discountPercent = 0,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.UnprocessableEntity,
            "price_above_standard",
            "items[1].unitPriceFen"
        );
        Assert.That(refused["ceilingFen"]!.GetValue<long>(), Is.EqualTo(1500));

        await ProblemAsync(
            await self.PutAsJsonAsync(
                $"/api/providers/{id}/items",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "massage",
                            unitPriceFen = 100L,
                            discountPercent = 0,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.UnprocessableEntity,
            "item_not_in_standard",
            "items[0].itemCode"
        );
        await ProblemAsync(
            await self.PutAsJsonAsync(
                $"/api/providers/{id}/items",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unitPriceFen = 100L,
                            discountPercent = 101,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.BadRequest,
            "invalid_discount",
            "items[0].discountPercent"
        );

        // Nothing changed by the refusals: still the one meal item, published once.
        var items = await ReadAsync(await self.GetAsync($"/api/providers/{id}/items"), HttpStatusCode.OK);
        Assert.That(
            items["items"]!.AsArray().Select(i => $"{i!["itemCode"]}:{i["unitPriceFen"]}:{i["discountPercent"]}"),
            Is.EqualTo(new[] { "meal:1500:10" })
        );
        var events = await OutboxAsync(id.ToString(), "ProviderItemsChanged");
        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0]["items"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("助餐"));
    }

    [Test]
    public async Task Checks_a_future_price_against_the_ceiling_in_force_on_its_day()
    {
        var county = NewCounty();
        await SetStandardAsync(county, ("meal", 1500));
        using var bureau = await BureauAsync(county);
        await ReadAsync(
            await bureau.PutAsJsonAsync(
                $"/api/counties/{county}/price-standards",
                new
                {
                    effectiveFrom = Today.AddDays(5),
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unit = "餐",
                            ceilingFen = 1200L,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.OK
        );
        var id = await WhitelistedProviderAsync(county);

        await ProblemAsync(
            await bureau.PutAsJsonAsync(
                $"/api/providers/{id}/items",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unitPriceFen = 1300L,
                            discountPercent = 0,
                            effectiveFrom = Today.AddDays(6),
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.UnprocessableEntity,
            "price_above_standard"
        );
        var ok = await ReadAsync(
            await bureau.PutAsJsonAsync(
                $"/api/providers/{id}/items",
                new
                {
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unitPriceFen = 1300L,
                            discountPercent = 0,
                            effectiveFrom = Today,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.OK
        );
        Assert.That(ok["items"]!.AsArray(), Has.Count.EqualTo(1));

        var events = await OutboxAsync(id.ToString(), "ProviderItemsChanged");
        Assert.That(
            events.Single()["aggregateVersion"]!.GetValue<long>(),
            Is.EqualTo(3),
            "created 1, whitelisted 2, items 3"
        );
    }
}
