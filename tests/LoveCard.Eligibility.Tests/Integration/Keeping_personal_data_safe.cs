using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Eligibility.Imports;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Uploads;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>
/// The outside security test's eligibility findings. S-2: the masked ID number
/// (<c>330903********123X</c>) beside the plaintext birth date was the whole number again. S-11: an
/// XLSX roster had no limit on what it unpacks to or on a cell, and the import endpoint no body limit.
/// </summary>
public sealed class Keeping_personal_data_safe
{
    private const int UploadLimit = 64 * 1024;
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _host = await SharedService.StartOwnAsync(
            TestSettings.Development(("Imports:MaxUploadBytes", UploadLimit.ToString(CultureInfo.InvariantCulture)))
        );

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    /// <summary>
    /// One elder turns 60 tomorrow, one turned 60 ten days ago: only the day tells them apart, so a
    /// classification that is still right for both shows the day was not lost with the column.
    /// </summary>
    [Test]
    public async Task Keeps_no_birth_date_in_clear_and_still_classifies_to_the_day()
    {
        var county = NewCounty();
        using var bureau = _host.CreateClient("bureau", county);
        var turnsTomorrow = Today.AddYears(-60).AddDays(1);
        var turnedLately = Today.AddYears(-60).AddDays(-10);
        var births = new[] { turnsTomorrow, turnedLately };
        var ids = births.Select(b => NewId(b)).ToArray();
        var csv = Header + "\n" + string.Join("\n", ids.Select(id => Row(id, county)));
        var import = await WaitForImportAsync(bureau, await ImportAsync(bureau, county, csv));
        Assert.That(import.RowsCreated, Is.EqualTo(2), import.Error);

        await using var connection = await Database.OpenAsync("eligibility");
        var rows = (
            await connection.QueryAsync<(Guid ElderId, string Row)>(
                "SELECT elder_id, row_to_json(e)::text FROM elders e WHERE home_county = @county",
                new { county }
            )
        ).ToArray();
        var columns = (
            await connection.QueryAsync<string>(
                """
                SELECT column_name FROM information_schema.columns
                 WHERE table_schema = 'eligibility' AND table_name = 'elders'
                """
            )
        ).ToArray();
        Assert.That(
            columns.Where(c =>
                c.Contains("birth", StringComparison.Ordinal) || c.Contains("review_on", StringComparison.Ordinal)
            ),
            Is.Empty
        );
        foreach (var birth in births)
        {
            string[] forms =
            [
                birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            ];
            var leaking = rows.Where(r => forms.Any(f => r.Row.Contains(f, StringComparison.Ordinal)));
            Assert.That(leaking.Select(r => r.Row), Is.Empty, $"the birth date {forms[0]} in clear");
        }

        var views = new List<JsonNode>();
        foreach (var (elderId, _) in rows)
        {
            views.Add(JsonNode.Parse(await bureau.GetStringAsync($"/api/elders/{elderId}"))!);
        }

        var byAge = views.ToDictionary(v => (int)v["age"]!);
        Assert.Multiple(() =>
        {
            Assert.That(byAge.Keys, Is.EquivalentTo(new[] { 59, 60 }));
            Assert.That((bool)byAge[59]["classification"]!["eligible"]!, Is.False, "turns 60 tomorrow: not yet");
            Assert.That((bool)byAge[60]["classification"]!["eligible"]!, Is.True, "turned 60 ten days ago");
        });
    }

    [Test]
    public async Task An_upload_over_the_body_limit_answers_413_and_leaves_no_import()
    {
        var county = NewCounty();
        using var bureau = _host.CreateClient("bureau", county);
        var csv = new StringBuilder(Header + "\n");
        while (csv.Length <= UploadLimit)
        {
            csv.AppendLine(Row(NewId(BornYearsAgo(70)), county));
        }

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var answer = await bureau.PostAsync($"/api/elders/imports?county={county}", content);

        var body = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), body);
        Assert.That((string?)JsonNode.Parse(body)!["code"], Is.EqualTo("body_too_large"));
        var imports = await Database.ScalarAsync<long>(
            "eligibility",
            "SELECT count(*) FROM imports WHERE county = @county",
            new { county }
        );
        Assert.That(imports, Is.Zero);
    }

    [Test]
    public async Task A_roster_with_an_oversized_cell_stops_with_cell_too_large()
    {
        var county = NewCounty();
        using var bureau = _host.CreateClient("bureau", county);
        var csv =
            Header
            + "\n"
            + Row(NewId(BornYearsAgo(70)), county)
            + "\n"
            + Row(NewId(BornYearsAgo(70)), county, name: new string('王', 1001));

        var import = await WaitForImportAsync(bureau, await ImportAsync(bureau, county, csv));

        Assert.That(import.Status, Is.EqualTo("failed"));
        Assert.That(import.Error, Does.StartWith("cell_too_large"));
    }

    [Test]
    public void An_xlsx_that_unpacks_far_beyond_its_size_is_refused_before_it_is_read()
    {
        // 20 MB of one repeated byte packs to a few kilobytes: a ratio of thousands.
        var bomb = Zip(("xl/worksheets/sheet1.xml", new byte[20 << 20]));
        try
        {
            var refusal = Assert.Throws<BadInputException>(() => XlsxLimits.Check(bomb, 512L << 20, 200));
            Assert.That(refusal!.Code, Is.EqualTo("xlsx_too_large"));
            Assert.That(refusal.Field, Is.EqualTo("file"));
            var overTotal = Assert.Throws<BadInputException>(() => XlsxLimits.Check(bomb, 1 << 20, 1_000_000));
            Assert.That(overTotal!.Code, Is.EqualTo("xlsx_too_large"), "the total limit holds whatever the ratio");
        }
        finally
        {
            File.Delete(bomb);
        }
    }

    [Test]
    public void An_xlsx_of_ordinary_proportions_passes_the_check()
    {
        var ordinary = Zip(("xl/worksheets/sheet1.xml", RandomNumberGenerator.GetBytes(256 * 1024)));
        try
        {
            Assert.DoesNotThrow(() => XlsxLimits.Check(ordinary, 512L << 20, 200));
        }
        finally
        {
            File.Delete(ordinary);
        }
    }

    private static string Zip(params (string Name, byte[] Content)[] entries)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lovecard-xlsx-{Guid.NewGuid():N}.xlsx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return path;
    }
}
