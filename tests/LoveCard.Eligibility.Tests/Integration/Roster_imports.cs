using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using LoveCard.Hosting.PersonalData;
using MiniExcelLibs;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>
/// Roster imports through the real API, database and broker, with batches of 7 rows so every test
/// crosses batch boundaries (the reader thread, the channel and one transaction per batch).
/// </summary>
public sealed class Roster_imports
{
    private const int BatchSize = 7;
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _host = await SharedService.StartOwnAsync(
            TestSettings.Development(
                ("Imports:ChunkSize", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
            )
        );

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task An_xlsx_roster_with_bad_rows_keeps_the_good_rows_with_exact_counts()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var rows = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 20; i++)
        {
            rows.Add(XlsxRow(NewId(BornYearsAgo(61 + i)), county, i % 4 == 0 ? 55 : null));
        }

        var badCheck = NewId(BornYearsAgo(70));
        rows.Insert(9, XlsxRow(badCheck[..17] + (badCheck[17] == '0' ? '1' : '0'), county, null)); // row 11: id_check
        var badHardship = XlsxRow(NewId(BornYearsAgo(72)), county, null);
        badHardship["经济困难"] = "rich";
        rows.Insert(15, badHardship); // row 17: invalid_hardship

        var bytes = new MemoryStream();
        bytes.SaveAs(rows, excelType: ExcelType.XLSX);
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        var response = await client.PostAsync($"/api/elders/imports?county={county}", content);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var importId = (await response.Content.ReadFromJsonAsync<ImportAcceptedDto>())!.ImportId;

        var import = await WaitForImportAsync(client, importId);
        Assert.That(import.Status, Is.EqualTo("succeeded"), import.Error);
        Assert.That(import.RowsRead, Is.EqualTo(22));
        Assert.That(import.RowsAccepted, Is.EqualTo(20));
        Assert.That(import.RowsRejected, Is.EqualTo(2));
        Assert.That(import.RowsCreated, Is.EqualTo(20));
        var errors = await client.GetJsonAsync<PageDto<ErrorDto>>($"/api/elders/imports/{importId}/errors");
        Assert.That(
            errors!.Items.Select(e => (e.RowNumber, e.Field, e.Code)),
            Is.EqualTo(new[] { (11L, "id_number", "id_check"), (17L, "hardship", "invalid_hardship") })
        );

        // Numeric and date cells arrive as numbers and dates, not text: the scored rows are classified on them.
        var assessed = await Database.ScalarAsync<long>(
            "eligibility",
            "SELECT count(*) FROM elders WHERE home_county = @county AND ability_score = 55 AND assessment_date = "
                + "@date",
            new { county, date = Today.AddMonths(-2) }
        );
        Assert.That(assessed, Is.EqualTo(5));
        Assert.That(await EventsAsync("ElderRegistered", county), Is.EqualTo(20));
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(20));
        // ADR 0051: the 40 events left in one pack per batch of 7 rows read (22 rows: 4 batches), none alone.
        Assert.That(await MessagesAsync(county), Is.EqualTo((0L, 4L)));
    }

    [Test]
    public async Task A_corrected_reimport_updates_only_the_changed_elders_and_publishes_exactly_their_new_classification()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var ids = Enumerable.Range(0, 20).Select(i => NewId(BornYearsAgo(82 + i % 5))).ToArray();
        var original = Header + "\n" + string.Join('\n', ids.Select(id => Row(id, county))) + "\n";
        var first = await WaitForImportAsync(client, await ImportAsync(client, county, original));
        Assert.That(first.RowsCreated, Is.EqualTo(20), first.Error);
        var firstImportDone = DateTime.UtcNow;

        // Everyone is 82–86, so category 2 (advanced age). Row 4 becomes dibao (category 2 → 1), row 12
        // gets an assessment (still 2, with a new reason), row 17 only a new phone number: updated, yet
        // what ElderClassified carries is the same, so it publishes nothing.
        var lines = original.Split('\n').ToArray();
        lines[4] = Row(ids[3], county, hardship: "dibao");
        lines[12] = Row(ids[11], county, score: "60", assessed: Today.AddDays(-5).ToString("yyyy-MM-dd"));
        lines[17] = Row(ids[16], county).Replace("13812345678", "13900001111", StringComparison.Ordinal);
        var outboxBefore = await Database.ScalarAsync<long>("eligibility", "SELECT coalesce(max(id), 0) FROM outbox");

        var corrected = await WaitForImportAsync(client, await ImportAsync(client, county, string.Join('\n', lines)));
        Assert.That(corrected.Status, Is.EqualTo("succeeded"), corrected.Error);
        Assert.That(
            (corrected.RowsAccepted, corrected.RowsUpdated, corrected.RowsUnchanged, corrected.RowsCreated),
            Is.EqualTo((20L, 3L, 17L, 0L))
        );

        Assert.That(
            await Database.ScalarAsync<long>(
                "eligibility",
                "SELECT count(*) FROM outbox WHERE id > @outboxBefore AND message_type = @pack",
                new { outboxBefore, pack = PackType }
            ),
            Is.EqualTo(2),
            "rows 4 and 12 are in two batches of 7 rows: one pack each, nothing alone (ADR 0051)"
        );
        var published = await PublishedAfterAsync(outboxBefore);
        var changed = new[] { await ElderIdByIdNumberAsync(ids[3]), await ElderIdByIdNumberAsync(ids[11]) };
        Assert.That(
            published.Select(p => p.Type).Distinct(),
            Is.EqualTo(new[] { "LoveCard.Contracts.Eligibility.ElderClassified" })
        );
        Assert.That(
            published.Select(p => (Guid.Parse(p.AggregateId), p.Version, p.Category)),
            Is.EquivalentTo(new[] { (changed[0], 3L, (int?)1), (changed[1], 3L, (int?)2) })
        );

        var touched = await Database.ScalarAsync<long>(
            "eligibility",
            "SELECT count(*) FROM elders WHERE home_county = @county AND updated_at > @firstImportDone",
            new { county, firstImportDone }
        );
        Assert.That(touched, Is.EqualTo(3), "only the three changed rows are written");
        var phoneChange = await Database.ScalarAsync<string[]>(
            "eligibility",
            "SELECT fields FROM elder_changes WHERE elder_id = @elderId",
            new { elderId = await ElderIdByIdNumberAsync(ids[16]) }
        );
        Assert.That(phoneChange, Is.EqualTo(new[] { "phone" }));
        var history = await client.GetJsonAsync<PageDto<ClassificationDto>>(
            $"/api/elders/{changed[0]}/classifications"
        );
        Assert.That(history!.Items.Select(h => h.Category), Is.EqualTo(new int?[] { 1, 2 }));

        // The same corrected file once more: nothing changes, nothing is published.
        var again = await WaitForImportAsync(client, await ImportAsync(client, county, string.Join('\n', lines)));
        Assert.That((again.RowsUnchanged, again.RowsUpdated), Is.EqualTo((20L, 0L)));
        Assert.That(
            await Database.ScalarAsync<long>(
                "eligibility",
                "SELECT count(*) FROM outbox WHERE id > @outboxBefore",
                new { outboxBefore }
            ),
            Is.EqualTo(2),
            "only the corrected import's two packs"
        );
    }

    [Test]
    public async Task A_roster_of_several_batches_with_a_header_only_missing_a_column_fails_and_changes_nothing()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var csv =
            "id_number,name,home_county\n"
            + string.Join('\n', Enumerable.Range(0, 30).Select(i => $"{NewId(BornYearsAgo(70))},王小华,{county}"))
            + "\n";
        var import = await WaitForImportAsync(client, await ImportAsync(client, county, csv, new UTF8Encoding(false)));
        Assert.That(import.Status, Is.EqualTo("failed"));
        Assert.That(import.Error, Does.StartWith("missing_columns"));
        Assert.That(import.RowsRead, Is.Zero);
        Assert.That(
            await Database.ScalarAsync<long>(
                "eligibility",
                "SELECT count(*) FROM elders WHERE home_county = @county",
                new { county }
            ),
            Is.Zero
        );
    }

    private static Dictionary<string, object?> XlsxRow(string id, string county, int? score) =>
        new()
        {
            // The Chinese headers a bureau's Excel carries (docs/services/eligibility.md).
            ["身份证号"] = id,
            ["姓名"] = "张秀英",
            ["户籍省"] = "33",
            ["居住县"] = county,
            ["村社区代码"] = Village(county),
            ["联系电话"] = "13812345678",
            ["经济困难"] = "none",
            ["能力评估分"] = score,
            ["评估日期"] = score is null ? null : Today.AddMonths(-2).ToDateTime(TimeOnly.MinValue),
            ["失智"] = "否",
            ["特殊情况"] = "",
        };

    /// <summary>Looks an elder up as the register does: by the keyed hash of the ID number (development keys in
    /// tests).</summary>
    private static Task<Guid> ElderIdByIdNumberAsync(string id) =>
        Database.ScalarAsync<Guid>(
            "eligibility",
            "SELECT elder_id FROM elders WHERE id_hash = @hash",
            new { hash = Protector.Hash(id) }
        );

    private static readonly PersonalDataProtector Protector = new(new PersonalDataOptions().WithDevelopmentFallback());

    private static async Task<(string Type, string AggregateId, long Version, int? Category)[]> PublishedAfterAsync(
        long outboxId
    )
    {
        await using var connection = await Database.OpenAsync("eligibility");
        // The events alone and those a pack carries (ADR 0051), each as it would have been published alone.
        var rows = await connection.QueryAsync<(string, string, long, int?)>(
            """
            SELECT message_type, aggregate_id, (body->>'aggregateVersion')::bigint, (body->>'category')::int
            FROM outbox WHERE id > @outboxId AND message_type <> @pack
            UNION ALL
            SELECT 'LoveCard.Contracts.Eligibility.ElderClassified', e->>'aggregateId',
                   (e->>'aggregateVersion')::bigint, (e->>'category')::int
            FROM outbox o CROSS JOIN LATERAL json_array_elements(o.body -> 'classified') e
            WHERE o.id > @outboxId AND o.message_type = @pack
            UNION ALL
            SELECT 'LoveCard.Contracts.Eligibility.ElderRegistered', e->>'aggregateId',
                   (e->>'aggregateVersion')::bigint, NULL
            FROM outbox o CROSS JOIN LATERAL json_array_elements(o.body -> 'registered') e
            WHERE o.id > @outboxId AND o.message_type = @pack
            ORDER BY 2
            """,
            new { outboxId, pack = PackType }
        );
        return [.. rows];
    }
}
