using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>
/// A bureau records an elder's death with its date (DOMAIN.md §8 "Death"): once, not in the future, by the
/// elder's county; it publishes ElderDied with the date and takes the elder off the visiting-care list.
/// </summary>
[Order(1)]
public sealed class Recording_a_death
{
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await SharedService.StartAsync();

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"]?.GetValue<string>();

    [Test]
    public async Task Publishes_the_date_once_and_leaves_the_dead_off_the_visiting_care_list()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var csv = Header + "\n" + Row(NewId(BornYearsAgo(88)), county, situations: "alone") + "\n";
        await WaitForImportAsync(client, await ImportAsync(client, county, csv));
        var elderId = await ElderIdAsync(county, Village(county));
        var url = $"/api/elders/{elderId}/death";
        var died = Today.AddDays(-7);

        var future = await client.PostAsJsonAsync(url, new { dateOfDeath = Today.AddDays(1), reason = "死亡证明" });
        var noReason = await client.PostAsJsonAsync(url, new { dateOfDeath = died });
        var foreign = await _host
            .CreateClient("bureau", NewCounty())
            .PostAsJsonAsync(url, new { dateOfDeath = died, reason = "死亡证明" });
        Assert.Multiple(async () =>
        {
            Assert.That(((int)future.StatusCode, await CodeAsync(future)), Is.EqualTo((400, "in_future")));
            Assert.That(((int)noReason.StatusCode, await CodeAsync(noReason)), Is.EqualTo((400, "required")));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await EventsAsync("ElderDied", county), Is.Zero, "bad input changes nothing");
        });

        var recorded = await client.PostAsJsonAsync(url, new { dateOfDeath = died, reason = "死亡证明" });
        var twice = await client.PostAsJsonAsync(url, new { dateOfDeath = died.AddDays(1), reason = "again" });
        var body = await Database.ScalarAsync<string>(
            "eligibility",
            "SELECT body::text FROM outbox WHERE message_type LIKE '%.ElderDied' AND aggregate_id = @id",
            new { id = $"elder-death:{elderId}" }
        );
        var visiting = await client.GetJsonAsync<PageDto<object>>($"/api/counties/{county}/visiting-care");
        Assert.Multiple(async () =>
        {
            Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.OK), await recorded.Content.ReadAsStringAsync());
            Assert.That(((int)twice.StatusCode, await CodeAsync(twice)), Is.EqualTo((409, "death_already_recorded")));
            Assert.That(
                body,
                Does.Contain(died.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            );
            Assert.That(visiting!.Total, Is.Zero, "the dead are not visited");
        });
    }
}
