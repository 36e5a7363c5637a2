using System.Net;
using System.Net.Http.Json;
using System.Text;
using LoveCard.Eligibility.Tests.Integration;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>The eligibility service through its real HTTP API, database and broker; the service the plain
/// fixtures share (<see cref="SharedService"/>).</summary>
[Order(1)]
public sealed class Eligibility_service
{
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await SharedService.StartAsync();

    private HttpClient Bureau(string county, string? subject = null) =>
        _host.CreateClient("bureau", county, subject: subject);

    [Test]
    public async Task An_import_with_bad_rows_accepts_the_good_ones_reports_the_bad_and_publishes_for_the_accepted()
    {
        var county = NewCounty();
        var client = Bureau(county);
        var csv = new StringBuilder(Header + "\n");
        for (var i = 0; i < 40; i++)
        {
            csv.AppendLine(
                Row(
                    NewId(BornYearsAgo(65 + i % 30)),
                    county,
                    score: i % 3 == 0 ? "50" : "",
                    assessed: i % 3 == 0 ? Today.AddMonths(-1).ToString("yyyy-MM-dd") : ""
                )
            );
        }

        var duplicate = NewId(BornYearsAgo(70));
        csv.AppendLine(Row(duplicate, county));
        csv.AppendLine(Row(duplicate, county)); // row 43: duplicate_in_file
        csv.AppendLine(Row("33010219500101001", county)); // row 44: id_length
        csv.AppendLine(Row(NewId(BornYearsAgo(70))[..17] + "Y", county)); // row 45: id_format
        csv.AppendLine(Row(NewId(BornYearsAgo(70)), county, hardship: "rich")); // row 46
        csv.AppendLine(Row(NewId(BornYearsAgo(70)), NewCounty())); // row 47: wrong county
        csv.AppendLine(Row(NewId(BornYearsAgo(70)), county, score: "95", assessed: "2025-01-01")); // row 48

        var importId = await ImportAsync(client, county, csv.ToString());
        var import = await WaitForImportAsync(client, importId);
        Assert.That(import.Status, Is.EqualTo("succeeded"), import.Error);
        Assert.That(import.RowsRead, Is.EqualTo(47));
        Assert.That(import.RowsAccepted, Is.EqualTo(41));
        Assert.That(import.RowsRejected, Is.EqualTo(6));
        Assert.That(import.RowsCreated, Is.EqualTo(41));

        var errors = await client.GetJsonAsync<PageDto<ErrorDto>>(
            $"/api/elders/imports/{importId}/errors?pageSize=100"
        );
        Assert.That(
            errors!.Items.Select(e => (e.RowNumber, e.Code)),
            Is.EquivalentTo(
                new[]
                {
                    (43L, "duplicate_in_file"),
                    (44L, "id_length"),
                    (45L, "id_format"),
                    (46L, "invalid_hardship"),
                    (47L, "wrong_county"),
                    (48L, "invalid_ability_score"),
                }
            )
        );
        var report = await client.GetStringAsync($"/api/elders/imports/{importId}/errors?format=csv&headers=codes");
        Assert.That(report, Does.Contain("44,id_number,id_length"));
        var people = await client.GetStringAsync($"/api/elders/imports/{importId}/errors?format=csv");
        Assert.That(people.TrimStart('\uFEFF'), Does.StartWith("行号,字段,错误代码,说明\r\n"));

        Assert.That(await EventsAsync("ElderRegistered", county), Is.EqualTo(41));
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(41));
        Assert.That(
            await EventsAsync("CountySettingsChanged", county),
            Is.EqualTo(1),
            "version-1 settings when the county is first seen"
        );
        Assert.That(
            await EventsAsync("SubsidyPolicyPublished", county),
            Is.EqualTo(1),
            "version-1 policy when the county is first seen"
        );

        // Re-importing the same file changes nothing and publishes nothing.
        var outboxBefore = await Database.ScalarAsync<long>("eligibility", "SELECT count(*) FROM outbox");
        var again = await WaitForImportAsync(client, await ImportAsync(client, county, csv.ToString()));
        Assert.That(again.RowsAccepted, Is.EqualTo(41));
        Assert.That(again.RowsUnchanged, Is.EqualTo(41));
        Assert.That(again.RowsCreated + again.RowsUpdated, Is.Zero);
        Assert.That(
            await Database.ScalarAsync<long>("eligibility", "SELECT count(*) FROM outbox"),
            Is.EqualTo(outboxBefore)
        );

        // A corrected file updates what changed and reclassifies those elders.
        var corrected = csv.ToString()
            .Replace(
                $"{duplicate},王小华,33,,{county},{Village(county)},13812345678,none,,,false",
                $"{duplicate},王小华,33,,{county},{Village(county)},13812345678,none,,,true",
                StringComparison.Ordinal
            );
        var third = await WaitForImportAsync(client, await ImportAsync(client, county, corrected));
        Assert.That(third.RowsUpdated, Is.EqualTo(1));
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(42));
    }

    [Test]
    public async Task A_GB18030_roster_with_Chinese_headers_and_values_is_read()
    {
        var county = NewCounty();
        var client = Bureau(county);
        var csv =
            "身份证号,姓名,户籍省,居住县,村社区代码,经济困难,失智,特殊情况\n"
            + $"{NewId(BornYearsAgo(82))},李大明,33,{county},{Village(county)},低保,否,独居\n";
        var import = await WaitForImportAsync(
            client,
            await ImportAsync(client, county, csv, Encoding.GetEncoding("GB18030"))
        );
        Assert.That(import.RowsAccepted, Is.EqualTo(1), import.Error);
        var page = await client.GetJsonAsync<PageDto<ElderDto>>($"/api/elders?county={county}");
        Assert.That(page!.Items.Single().Name, Is.EqualTo("李*明"));
        Assert.That(page.Items.Single().Classification.Category, Is.EqualTo(1)); // local, dibao, advanced age
    }

    [Test]
    public async Task A_better_ability_level_moves_an_elder_from_category_3_to_2_and_publishes_once()
    {
        var county = NewCounty();
        var client = Bureau(county);
        await WaitForImportAsync(
            client,
            await ImportAsync(client, county, Header + "\n" + Row(NewId(BornYearsAgo(66)), county) + "\n")
        );
        var elderId = await ElderIdAsync(county, Village(county));
        var before = await client.GetJsonAsync<ElderDto>($"/api/elders/{elderId}");
        Assert.That(before!.Classification.Category, Is.EqualTo(3));

        var body = new
        {
            hukouProvince = "33",
            homeCounty = county,
            villageCode = Village(county),
            hardship = "none",
            abilityScore = 60,
            assessmentDate = Today.AddDays(-3),
            dementia = false,
            reason = "reassessed",
        };
        var response = await client.PutAsJsonAsync($"/api/elders/{elderId}/attributes", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var after = await response.Content.ReadFromJsonAsync<ElderDto>();
        Assert.That(after!.Classification.Category, Is.EqualTo(2));
        Assert.That(after.Classification.Reasons, Is.EqualTo(new[] { "local", "ability>=1" }));
        Assert.That(after.Version, Is.EqualTo(before.Version + 1));

        // The same change again publishes nothing more.
        await client.PutAsJsonAsync($"/api/elders/{elderId}/attributes", body);
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(2));
        var history = await client.GetJsonAsync<PageDto<ClassificationDto>>($"/api/elders/{elderId}/classifications");
        Assert.That(history!.Items.Select(h => h.Category), Is.EqualTo(new int?[] { 2, 3 }));
    }

    [Test]
    public async Task A_settings_change_reclassifies_the_county_and_is_published()
    {
        var county = NewCounty();
        var client = Bureau(county);
        var csv =
            Header + "\n" + Row(NewId(BornYearsAgo(75)), county) + "\n" + Row(NewId(BornYearsAgo(65)), county) + "\n";
        await WaitForImportAsync(client, await ImportAsync(client, county, csv));
        var settings = new
        {
            advancedAge = 70,
            minDisabilityLevel = 1,
            assessmentValidMonths = 12,
            allowNonLocalResidents = true,
            oneCardNetwork = true,
            suspendBelow = 60,
            lowFundAlertDays = 7,
            mountainOrIsland = true,
            reason = "county decision 2025-3",
        };
        var response = await client.PutAsJsonAsync($"/api/counties/{county}/settings", settings);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        await Eventually.AssertAsync(async () =>
            (await client.GetJsonAsync<PageDto<ElderDto>>($"/api/elders?county={county}&category=2"))!.Total == 1
        );
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(3));
        Assert.That(await EventsAsync("CountySettingsChanged", county), Is.EqualTo(2));
        Assert.That(
            await Database.ScalarAsync<long>(
                "eligibility",
                "SELECT count(*) FROM county_settings_history WHERE county = @county",
                new { county }
            ),
            Is.EqualTo(2)
        );

        var bad = await client.PutAsJsonAsync($"/api/counties/{county}/settings", settings with { });
        Assert.That(bad.IsSuccessStatusCode, Is.True);
        var invalid = await client.PutAsJsonAsync(
            $"/api/counties/{county}/settings",
            new { advancedAge = 50, reason = "x" }
        );
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await invalid.Content.ReadAsStringAsync(), Does.Contain("\"field\":\"advancedAge\""));
    }

    [Test]
    public async Task A_bureau_of_another_county_can_neither_see_nor_change_this_county()
    {
        var county = NewCounty();
        var other = Bureau(NewCounty());
        var client = Bureau(county);
        await WaitForImportAsync(
            client,
            await ImportAsync(client, county, Header + "\n" + Row(NewId(BornYearsAgo(70)), county) + "\n")
        );
        var elderId = await ElderIdAsync(county, Village(county));

        Assert.That((await other.GetAsync($"/api/elders/{elderId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(
            (await other.GetAsync($"/api/elders/{elderId}/classifications")).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound)
        );
        Assert.That(
            (await other.PutAsJsonAsync($"/api/elders/{elderId}/attributes", new { hardship = "none" })).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound)
        );
        Assert.That(
            (await other.GetAsync($"/api/elders?county={county}")).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
        Assert.That(
            (await other.GetAsync($"/api/counties/{county}/settings")).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
        Assert.That(
            (await other.GetAsync($"/api/counties/{county}/visiting-care")).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
        var content = new StringContent(Header + "\n", Encoding.UTF8, "text/csv");
        Assert.That(
            (await other.PostAsync($"/api/elders/imports?county={county}", content)).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
    }

    [Test]
    public async Task An_elder_sees_only_their_own_record_masked_and_a_bureau_unmasks_with_a_logged_purpose()
    {
        var county = NewCounty();
        var client = Bureau(county);
        var id = NewId(BornYearsAgo(70));
        await WaitForImportAsync(client, await ImportAsync(client, county, Header + "\n" + Row(id, county) + "\n"));
        var elderId = await ElderIdAsync(county, Village(county));

        var own = await _host.CreateClient("elder", elder: elderId).GetJsonAsync<ElderDto>($"/api/elders/{elderId}");
        Assert.That(own!.IdNumber, Is.EqualTo(id[..6] + "********" + id[^4..]));
        Assert.That(own.Name, Is.EqualTo("王*华"));
        Assert.That(
            (await _host.CreateClient("elder", elder: Guid.NewGuid()).GetAsync($"/api/elders/{elderId}")).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound)
        );
        Assert.That(
            (await _host.CreateClient("agent", elders: [elderId]).GetAsync($"/api/elders/{elderId}")).StatusCode,
            Is.EqualTo(HttpStatusCode.OK)
        );
        Assert.That(
            (
                await _host.CreateClient("elder", elder: elderId).GetAsync($"/api/elders/{elderId}?purpose=curious")
            ).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );

        var unmasked = await client.GetJsonAsync<ElderDto>($"/api/elders/{elderId}?purpose=card+reissue+check");
        Assert.That(unmasked!.IdNumber, Is.EqualTo(id));
        Assert.That(unmasked.Name, Is.EqualTo("王小华"));
        Assert.That(
            await Database.ScalarAsync<long>(
                "eligibility",
                "SELECT count(*) FROM personal_data_reads WHERE elder_id = @elderId AND purpose = 'card reissue check'",
                new { elderId }
            ),
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task A_policy_needs_a_second_user_to_approve_and_is_then_published()
    {
        var county = NewCounty();
        var maker = Bureau(county, "maker");
        var proposal = new
        {
            effectiveFrom = Today.AddDays(1),
            reason = "raise category 2",
            categories = new[]
            {
                new
                {
                    category = 1,
                    defaultShares = new
                    {
                        fiscalPercent = 80,
                        collectivePercent = 15,
                        charityPercent = 5,
                    },
                    itemShares = Array.Empty<object>(),
                    monthlyCapFiscalFen = 30000,
                    monthlyCapCollectiveFen = 10000,
                    monthlyCapCharityFen = 5000,
                },
                new
                {
                    category = 2,
                    defaultShares = new
                    {
                        fiscalPercent = 40,
                        collectivePercent = 20,
                        charityPercent = 0,
                    },
                    itemShares = Array.Empty<object>(),
                    monthlyCapFiscalFen = 12000,
                    monthlyCapCollectiveFen = 5000,
                    monthlyCapCharityFen = 0,
                },
                new
                {
                    category = 3,
                    defaultShares = new
                    {
                        fiscalPercent = 0,
                        collectivePercent = 0,
                        charityPercent = 0,
                    },
                    itemShares = Array.Empty<object>(),
                    monthlyCapFiscalFen = 0,
                    monthlyCapCollectiveFen = 0,
                    monthlyCapCharityFen = 0,
                },
            },
        };
        var created = await maker.PostAsJsonAsync($"/api/counties/{county}/policies", proposal);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(await created.Content.ReadAsStringAsync(), Does.Contain("\"version\":2"));

        var same = await maker.PostAsync($"/api/counties/{county}/policies/2/approve", null);
        Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await same.Content.ReadAsStringAsync(), Does.Contain("same_user_cannot_approve"));
        Assert.That(await EventsAsync("SubsidyPolicyPublished", county), Is.EqualTo(1));

        var approved = await Bureau(county, "checker").PostAsync($"/api/counties/{county}/policies/2/approve", null);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EventsAsync("SubsidyPolicyPublished", county), Is.EqualTo(2));
        Assert.That(
            (await Bureau(county, "third").PostAsync($"/api/counties/{county}/policies/2/approve", null)).StatusCode,
            Is.EqualTo(HttpStatusCode.Conflict)
        );

        var tooMuch = await maker.PostAsJsonAsync(
            $"/api/counties/{county}/policies",
            new
            {
                effectiveFrom = Today.AddDays(-1),
                reason = "bad",
                categories = new[]
                {
                    new
                    {
                        category = 1,
                        defaultShares = new
                        {
                            fiscalPercent = 90,
                            collectivePercent = 15,
                            charityPercent = 5,
                        },
                        monthlyCapFiscalFen = -1,
                    },
                },
            }
        );
        Assert.That(tooMuch.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await tooMuch.Content.ReadAsStringAsync();
        Assert.That(
            problem,
            Does.Contain("effective_date_in_past").And.Contain("shares_over_100").And.Contain("negative_cap")
        );
    }

    [Test]
    public async Task The_visiting_care_list_shows_elders_with_a_situation_by_village_and_as_csv()
    {
        var county = NewCounty();
        var client = Bureau(county);
        var csv =
            Header
            + "\n"
            + Row(NewId(BornYearsAgo(70)), county, situations: "alone;empty_nest")
            + "\n"
            + Row(NewId(BornYearsAgo(85)), county)
            + "\n"
            + Row(NewId(BornYearsAgo(65)), county)
            + "\n";
        await WaitForImportAsync(client, await ImportAsync(client, county, csv));
        var all = await client.GetJsonAsync<PageDto<object>>($"/api/counties/{county}/visiting-care");
        Assert.That(all!.Total, Is.EqualTo(2));
        var alone = await client.GetJsonAsync<PageDto<object>>(
            $"/api/counties/{county}/visiting-care?situation=alone&village={Village(county)}"
        );
        Assert.That(alone!.Total, Is.EqualTo(1));
        var export = await client.GetStringAsync($"/api/counties/{county}/visiting-care?format=csv&headers=codes");
        Assert.That(export.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
        Assert.That(export, Does.Contain("advanced_age"));
        var people = await client.GetStringAsync($"/api/counties/{county}/visiting-care?format=csv");
        Assert.That(
            people.TrimStart('\uFEFF'),
            Does.StartWith("老人编号,老人姓名,村（社区）代码,类别,特殊情形,联系电话\r\n")
        );
        Assert.That(people, Does.Contain("高龄").And.Not.Contain("advanced_age"));
    }
}
