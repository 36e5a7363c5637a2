using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Contracts.Eligibility;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Charity;

/// <summary>Steps of the provincial charity fund's tests: counties with elders and a flag, donations,
/// proposals.</summary>
public static class CharityWorld
{
    public static HttpClient Province(string subject) => Host.CreateClient("province", subject: subject);

    /// <summary>A new county with <paramref name="elders"/> eligible elders and the mountain-or-island flag.</summary>
    public static async Task<string> CountyAsync(int elders, bool mountainOrIsland)
    {
        var county = NewCounty();
        await PublishAsync(
            new CountySettingsChanged
            {
                AggregateId = "county-settings:" + county,
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = county,
                AdvancedAge = 80,
                MinDisabilityLevel = 1,
                AssessmentValidMonths = 12,
                AllowNonLocalResidents = true,
                OneCardNetwork = true,
                SuspendBelow = 60,
                LowFundAlertDays = 7,
                MountainOrIsland = mountainOrIsland,
            }
        );
        for (var i = 0; i < elders; i++)
        {
            await AddElderAsync(county, category: 1 + (i % 3));
        }

        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_county_settings WHERE county = @county", new { county }) == 1
        );
        return county;
    }

    /// <summary>A donation into the provincial fund, proposed by one province user and approved by another.</summary>
    public static async Task DonateAsync(long amountFen)
    {
        using var maker = Province("donation-maker");
        using var checker = Province("donation-checker");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/province/charity-fund/donations")
        {
            Content = JsonContent.Create(new { amountFen, note = "测试捐赠" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var proposed = await maker.SendAsync(request);
        Assert.That((int)proposed.StatusCode, Is.EqualTo(201), await proposed.Content.ReadAsStringAsync());
        var topUpId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topUpId").GetGuid();
        var approved = await checker.PostAsync($"/api/province/charity-fund/donations/{topUpId}/approve", null);
        Assert.That((int)approved.StatusCode, Is.EqualTo(200), await approved.Content.ReadAsStringAsync());
    }

    public static async Task<HttpResponseMessage> ProposeAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/province/charity-fund/allocations")
        {
            Content = JsonContent.Create(body),
        };
        if (key is not "")
        {
            request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static long ShareOf(JsonElement allocation, string county) =>
        allocation
            .GetProperty("shares")
            .EnumerateArray()
            .Single(s => s.GetProperty("county").GetString() == county)
            .GetProperty("amountFen")
            .GetInt64();
}
