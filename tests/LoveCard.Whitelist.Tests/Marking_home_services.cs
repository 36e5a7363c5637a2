using System.Net;
using System.Net.Http.Json;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>
/// A county marks the items given in the elder's home in its price standard, each with the shortest visit that
/// proves one (DOMAIN.md §8 "Home visits"): bath, cleaning and mobility are by default; any item may be marked.
/// </summary>
public sealed class Marking_home_services
{
    [Test]
    public async Task Bath_cleaning_and_mobility_are_home_services_by_default_and_a_county_marks_its_own()
    {
        var county = NewCounty();
        using var bureau = await BureauAsync(county);
        await ReadAsync(
            await bureau.PutAsJsonAsync(
                $"/api/counties/{county}/price-standards",
                new
                {
                    reason = "home services",
                    items = new object[]
                    {
                        new
                        {
                            itemCode = "bath",
                            unit = "次",
                            ceilingFen = 5000L,
                        },
                        new
                        {
                            itemCode = "cleaning",
                            unit = "次",
                            ceilingFen = 4000L,
                            minimumVisitMinutes = 90,
                        },
                        new
                        {
                            itemCode = "meal",
                            unit = "餐",
                            ceilingFen = 1500L,
                        },
                        new
                        {
                            itemCode = "massage",
                            name = "按摩",
                            unit = "次",
                            ceilingFen = 8000L,
                            homeService = true,
                            minimumVisitMinutes = 45,
                        },
                        new
                        {
                            itemCode = "mobility",
                            unit = "次",
                            ceilingFen = 3000L,
                            homeService = false,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.OK
        );

        var standards = await ReadAsync(
            await bureau.GetAsync($"/api/counties/{county}/price-standards"),
            HttpStatusCode.OK
        );
        var marked = standards["inForce"]!["items"]!
            .AsArray()
            .Select(i => $"{i!["itemCode"]}:{i["homeService"]}:{i["minimumVisitMinutes"]?.ToString() ?? "-"}");
        Assert.That(
            marked,
            Is.EqualTo(
                new[] { "bath:true:30", "cleaning:true:90", "massage:true:45", "meal:false:-", "mobility:false:-" }
            )
        );
        var published = (await OutboxAsync($"price-standards:{county}", "PriceStandardChanged"))[0]["items"]!.AsArray();
        Assert.That(
            published.Select(i => $"{i!["itemCode"]}:{i["homeService"]}:{i["minimumVisitMinutes"]?.ToString() ?? "-"}"),
            Is.EquivalentTo(marked),
            "settlement gets what the county marked"
        );
    }

    [Test]
    public async Task Refuses_a_minimum_for_an_item_that_is_not_a_home_service()
    {
        var county = NewCounty();
        using var bureau = await BureauAsync(county);
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
                            ceilingFen = 1500L,
                            minimumVisitMinutes = 20,
                        },
                    },
                },
                Json
            ),
            HttpStatusCode.BadRequest,
            "invalid_minimum_visit_minutes",
            "items[0].minimumVisitMinutes"
        );
    }
}
