using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>
/// Issue 17: the elder listing finds one elder by ID number (through the keyed hash), full name or
/// card number; an import's progress has its total rows from the start; the checker finds the
/// policy versions that wait for approval; a reason of a classification has a Chinese sentence.
/// </summary>
[Order(1)]
public sealed class Lists_people_work_from
{
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await SharedService.StartAsync();

    [Test]
    public async Task Finds_an_elder_by_id_number_full_name_or_card_number()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var wanted = NewId(BornYearsAgo(82));
        var csv =
            string.Join(
                '\n',
                Header,
                Row(wanted, county, name: "钱多多", card: "A12345678"),
                Row(NewId(BornYearsAgo(70)), county, name: "钱少少"),
                Row(NewId(BornYearsAgo(75)), county, name: "孙小小")
            ) + "\n";
        var import = await WaitForImportAsync(client, await ImportAsync(client, county, csv));

        async Task<JsonElement> Find(string q) =>
            await client.GetFromJsonAsync<JsonElement>($"/api/elders?county={county}&q={Uri.EscapeDataString(q)}");

        var byId = await Find(wanted);
        var byName = await Find("钱多多");
        var byCard = await Find("a12345678");
        var noOne = await Find("钱二二");
        var progress = await client.GetFromJsonAsync<JsonElement>($"/api/elders/imports/{import.ImportId}");
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/elders/imports?county={county}&sort=-createdAt");

        Assert.Multiple(() =>
        {
            Assert.That(import.Status, Is.EqualTo("succeeded"));
            foreach (var found in new[] { byId, byName, byCard })
            {
                Assert.That(found.GetProperty("total").GetInt64(), Is.EqualTo(1), found.ToString());
                Assert.That(found.GetProperty("items")[0].GetProperty("name").GetString(), Is.EqualTo("钱*多"));
            }

            Assert.That(noOne.GetProperty("total").GetInt64(), Is.EqualTo(0));
            Assert.That(progress.GetProperty("rowsTotal").GetInt64(), Is.EqualTo(3));
            Assert.That(progress.GetProperty("percent").GetDouble(), Is.EqualTo(100));
            Assert.That(listed.GetProperty("items")[0].GetProperty("rowsTotal").GetInt64(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_reason_of_a_classification_comes_with_a_chinese_sentence()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        await WaitForImportAsync(
            client,
            await ImportAsync(
                client,
                county,
                Header + "\n" + Row(NewId(BornYearsAgo(85)), county, hardship: "dibao") + "\n"
            )
        );
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/elders?county={county}");
        var classification = page.GetProperty("items")[0].GetProperty("classification");
        var reasons = classification.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray();
        var texts = classification.GetProperty("reasonTexts").EnumerateArray().Select(r => r.GetString()).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(reasons, Does.Contain("hardship:dibao"));
            Assert.That(texts, Has.Length.EqualTo(reasons.Length));
            Assert.That(texts[Array.IndexOf(reasons, "hardship:dibao")], Is.EqualTo("经济困难：低保对象。"));
        });
    }

    [Test]
    public async Task The_checker_lists_the_policy_versions_awaiting_approval_and_unknown_parameters_are_refused()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var pending = await client.GetFromJsonAsync<JsonElement>($"/api/counties/{county}/policies?status=proposed");
        var badStatus = await client.GetAsync($"/api/counties/{county}/policies?status=waiting");
        var unknown = await client.GetAsync($"/api/counties/{county}/policies?state=proposed");
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(
                pending
                    .GetProperty("items")
                    .EnumerateArray()
                    .All(p => p.GetProperty("status").GetString() == "proposed"),
                Is.True
            );
            Assert.That(badStatus.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("unknown_parameter"));
            Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("state"));
        });
    }
}
