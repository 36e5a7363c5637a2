using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Hosting.Auth;

namespace LoveCard.Security.Tests.HostileInput;

/// <summary>
/// ADR 0036: a county code not in the register is refused by every service, in a path (404) and in a query or
/// body (400 naming the field, code <c>unknown_county</c>), and nothing is created; reading a county's settings
/// never sets it up, the province does.
/// </summary>
public sealed class Refusing_unknown_county_codes
{
    /// <summary>Well formed, in Zhejiang's range, and no division: a typo of 330903.</summary>
    private const string Typo = "330930";

    /// <summary>松阳县, a mountain county no other test of this project uses.</summary>
    private const string NeverSetUp = "331124";

    [Test]
    public async Task An_unknown_county_is_refused_on_every_service_and_creates_nothing()
    {
        await World.GetAsync();
        using var eligibility = Services.Eligibility.CreateClient(Roles.Province, subject: "typo-province");
        using var cards = Services.Cards.CreateClient(Roles.Province, subject: "typo-province");
        using var whitelist = Services.Whitelist.CreateClient(Roles.Province, subject: "typo-province");
        using var settlement = Services.Settlement.CreateClient(Roles.Province, subject: "typo-province");

        var answers = new (string What, HttpResponseMessage Response)[]
        {
            ("eligibility settings", await eligibility.GetAsync($"/api/counties/{Typo}/settings")),
            ("eligibility set-up", await eligibility.PostAsync($"/api/province/counties/{Typo}/setup", null)),
            ("eligibility policies", await eligibility.GetAsync($"/api/counties/{Typo}/policies")),
            ("eligibility elders", await eligibility.GetAsync($"/api/elders?county={Typo}")),
            (
                "eligibility new elder",
                await eligibility.PostAsJsonAsync("/api/elders", new { homeCounty = Typo, name = "王小华" })
            ),
            ("cards", await cards.GetAsync($"/api/cards?county={Typo}")),
            ("whitelist prices", await whitelist.GetAsync($"/api/counties/{Typo}/price-standards")),
            ("whitelist providers", await whitelist.GetAsync($"/api/providers?county={Typo}")),
            ("settlement funds", await settlement.GetAsync($"/api/funds/{Typo}")),
            ("settlement anomalies", await settlement.GetAsync($"/api/anomalies?county={Typo}")),
        };
        var settings = await Database.ScalarAsync<long>(
            "eligibility",
            "SELECT count(*) FROM county_settings WHERE county = @Typo",
            new { Typo }
        );
        var policies = await Database.ScalarAsync<long>(
            "eligibility",
            "SELECT count(*) FROM subsidy_policies WHERE county = @Typo",
            new { Typo }
        );

        Assert.Multiple(() =>
        {
            foreach (var (what, response) in answers)
            {
                var problem = JsonDocument.Parse(response.Content.ReadAsStringAsync().Result).RootElement;
                var inPath = response.RequestMessage!.RequestUri!.AbsolutePath.Contains(Typo);
                Assert.That((int)response.StatusCode, Is.EqualTo(inPath ? 404 : 400), $"{what}: {problem}");
                Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("unknown_county"), what);
                if (!inPath)
                {
                    var field = what == "eligibility new elder" ? "homeCounty" : "county";
                    Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo(field), what);
                }
            }

            Assert.That(settings, Is.Zero, "no settings for an unknown county");
            Assert.That(policies, Is.Zero, "no policy for an unknown county");
        });
    }

    [Test]
    public async Task Reading_settings_never_sets_a_county_up_the_province_does()
    {
        await World.GetAsync();
        using var bureau = Services.Eligibility.CreateClient(Roles.Bureau, NeverSetUp, subject: "setup-bureau");
        using var province = Services.Eligibility.CreateClient(Roles.Province, subject: "setup-province");

        var read = await bureau.GetFromJsonAsync<JsonElement>($"/api/counties/{NeverSetUp}/settings");
        var storedAfterRead = await StoredAsync();
        using var byBureau = await bureau.PostAsync($"/api/province/counties/{NeverSetUp}/setup", null);
        using var first = await province.PostAsync($"/api/province/counties/{NeverSetUp}/setup", null);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        using var again = await province.PostAsync($"/api/province/counties/{NeverSetUp}/setup", null);

        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("settings").GetProperty("version").GetInt32(), Is.Zero);
            Assert.That(read.GetProperty("settings").GetProperty("mountainOrIsland").GetBoolean(), Is.True);
            Assert.That(storedAfterRead, Is.Zero, "a read stores nothing");
            Assert.That(byBureau.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.GetProperty("settings").GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(created.GetProperty("settings").GetProperty("mountainOrIsland").GetBoolean(), Is.True);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        Assert.That(await StoredAsync(), Is.EqualTo(1));
    }

    private static Task<long> StoredAsync() =>
        Database.ScalarAsync<long>(
            "eligibility",
            "SELECT count(*) FROM county_settings WHERE county = @NeverSetUp",
            new { NeverSetUp }
        );
}
