using System.Net;
using System.Net.Http.Json;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>Bureau listings by status, type, item and credit band, paged and scoped to the county.</summary>
public sealed class Listing_providers
{
    [Test]
    public async Task Filters_and_pages_within_the_bureau_county()
    {
        var county = NewCounty();
        await SetStandardAsync(county, ("meal", 1500), ("bath", 5000));
        var meal = await WhitelistedProviderAsync(county, "meal_firm");
        var care = await WhitelistedProviderAsync(county, "care_institution");
        var applied = await CreateProviderAsync(county, "housekeeping");
        var elsewhere = await WhitelistedProviderAsync(NewCounty(), "meal_firm");
        using var bureau = await BureauAsync(county);
        await ReadAsync(
            await bureau.PutAsJsonAsync(
                $"/api/providers/{meal}/items",
                new { items = new[] { new { itemCode = "meal", unitPriceFen = 1200L } } },
                Json
            ),
            HttpStatusCode.OK
        );
        await ReadAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{care}/credit-events",
                new
                {
                    type = "complaint",
                    points = 20,
                    note = "late",
                },
                Json
            ),
            HttpStatusCode.Created
        );

        async Task<(long Total, Guid[] Ids)> List(string query)
        {
            var page = await ReadAsync(await bureau.GetAsync($"/api/providers?{query}"), HttpStatusCode.OK);
            return (
                page["total"]!.GetValue<long>(),
                page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToArray()
            );
        }

        Assert.Multiple(async () =>
        {
            var all = await List("");
            Assert.That(all.Total, Is.EqualTo(3));
            Assert.That(all.Ids, Is.EquivalentTo(new[] { meal, care, applied }).And.Not.Contains(elsewhere));
            Assert.That((await List("status=whitelisted")).Ids, Is.EquivalentTo(new[] { meal, care }));
            Assert.That((await List("type=housekeeping")).Ids, Is.EqualTo(new[] { applied }));
            Assert.That((await List("item=meal")).Ids, Is.EqualTo(new[] { meal }));
            Assert.That((await List("creditBand=B")).Ids, Is.EqualTo(new[] { care }));
            var paged = await List($"county={county}&page=2&pageSize=2");
            Assert.That((paged.Total, paged.Ids.Length), Is.EqualTo((3L, 1)));
        });
        await ProblemAsync(
            await bureau.GetAsync("/api/providers?status=sleeping"),
            HttpStatusCode.BadRequest,
            "invalid_status",
            "status"
        );
        await ProblemAsync(
            await bureau.GetAsync("/api/providers?pageSize=1000"),
            HttpStatusCode.BadRequest,
            "invalid_page_size",
            "pageSize"
        );
    }

    [Test]
    public async Task Shows_a_provider_only_itself_whatever_it_asks_for()
    {
        var county = NewCounty();
        var self = await WhitelistedProviderAsync(county);
        await WhitelistedProviderAsync(county);
        using var client = await ProviderClientAsync(self);
        var page = await ReadAsync(await client.GetAsync($"/api/providers?county={county}"), HttpStatusCode.OK);
        Assert.That(
            (page["total"]!.GetValue<long>(), page["items"]![0]!["id"]!.GetValue<Guid>()),
            Is.EqualTo((1L, self))
        );
    }

    [Test]
    public async Task Masks_contact_details_for_an_auditor()
    {
        var county = NewCounty();
        var id = await CreateProviderAsync(county);
        using var auditor = await ClientAsync("auditor", county);
        var provider = await ReadAsync(await auditor.GetAsync($"/api/providers/{id}"), HttpStatusCode.OK);
        Assert.That(
            (provider["contactName"]!.GetValue<string>(), provider["contactPhone"]!.GetValue<string>()),
            Is.EqualTo(("王*华", "138****5678"))
        );
    }
}
