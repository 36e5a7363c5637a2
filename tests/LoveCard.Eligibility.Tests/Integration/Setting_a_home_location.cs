using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>
/// A bureau keeps the point of an elder's home (DOMAIN.md §8 "Home visits"): lat and lon together (or neither, to
/// clear it), with a reason, by the elder's county; each change publishes ElderHomeLocated with its own version.
/// </summary>
[Order(1)]
public sealed class Setting_a_home_location
{
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await SharedService.StartAsync();

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"]?.GetValue<string>();

    [Test]
    public async Task Publishes_each_change_and_refuses_half_a_point()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var csv = Header + "\n" + Row(NewId(BornYearsAgo(85)), county) + "\n";
        await WaitForImportAsync(client, await ImportAsync(client, county, csv));
        var elderId = await ElderIdAsync(county, Village(county));
        var url = $"/api/elders/{elderId}/home-location";

        var half = await client.PutAsJsonAsync(url, new { lat = 29.98, reason = "入户核实" });
        var outOfRange = await client.PutAsJsonAsync(
            url,
            new
            {
                lat = 95.0,
                lon = 122.2,
                reason = "入户核实",
            }
        );
        var noReason = await client.PutAsJsonAsync(url, new { lat = 29.98, lon = 122.2 });
        var foreign = await _host
            .CreateClient("bureau", NewCounty())
            .PutAsJsonAsync(
                url,
                new
                {
                    lat = 29.98,
                    lon = 122.2,
                    reason = "x",
                }
            );
        Assert.Multiple(async () =>
        {
            Assert.That(((int)half.StatusCode, await CodeAsync(half)), Is.EqualTo((400, "invalid_location")));
            Assert.That(
                ((int)outOfRange.StatusCode, await CodeAsync(outOfRange)),
                Is.EqualTo((400, "invalid_location"))
            );
            Assert.That(((int)noReason.StatusCode, await CodeAsync(noReason)), Is.EqualTo((400, "required")));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await EventsAsync("ElderHomeLocated", county), Is.Zero, "bad input changes nothing");
        });

        var set = await client.PutAsJsonAsync(
            url,
            new
            {
                lat = 29.98,
                lon = 122.2,
                reason = "入户核实",
            }
        );
        var cleared = await client.PutAsJsonAsync(url, new { reason = "搬家" });
        Assert.Multiple(async () =>
        {
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cleared.Content.ReadAsStringAsync());
            Assert.That(await EventsAsync("ElderHomeLocated", county), Is.EqualTo(2));
            Assert.That(
                await Database.ScalarAsync<long>(
                    "eligibility",
                    "SELECT max((body->>'aggregateVersion')::bigint) FROM outbox"
                        + " WHERE message_type LIKE '%.ElderHomeLocated' AND aggregate_id = @id",
                    new { id = $"elder-home:{elderId}" }
                ),
                Is.EqualTo(2),
                "versions count the changes"
            );
        });
    }
}
