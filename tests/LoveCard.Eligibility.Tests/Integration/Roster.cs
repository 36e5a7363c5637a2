using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using LoveCard.Eligibility.Classification;
using LoveCard.Testing;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>Generated elders with valid IDs, written as a roster CSV, and small helpers for the API.</summary>
public static class Roster
{
    public const string Header =
        "id_number,name,hukou_province,hukou_county,home_county,village_code,phone,hardship,ability_score,assessment_date,dementia,special_situations,social_security_card_number";

    private static int _nextCounty = 330100;
    private static int _nextSequence = 100;

    /// <summary>A county code no other test uses in this run.</summary>
    public static string NewCounty() =>
        TestCounties.Register(Interlocked.Increment(ref _nextCounty).ToString(CultureInfo.InvariantCulture));

    public static string Village(string county, int n = 1) => county + n.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>A valid ID (a Hangzhou address code by default) for someone born on <paramref name="birth"/>.</summary>
    public static string NewId(DateOnly birth, string? address = null)
    {
        var n = Interlocked.Increment(ref _nextSequence);
        var seq = n % 1000;
        // The address code moves on every 1,000 ids, so generated ids never repeat within a run.
        address ??= "3301" + (10 + n / 1000 % 90).ToString("D2", CultureInfo.InvariantCulture);
        var first17 =
            address
            + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            + seq.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + ResidentId.CheckCharacter(first17);
    }

    public static string Row(
        string id,
        string county,
        string name = "王小华",
        string hukou = "33",
        string hardship = "none",
        string score = "",
        string assessed = "",
        string dementia = "false",
        string situations = "",
        string card = ""
    ) =>
        $"{id},{name},{hukou},,{county},{Village(county)},13812345678,{hardship},{score},{assessed},{dementia},{situations},{card}";

    public static DateOnly Today => LoveCard.Hosting.Shanghai.Today(TimeProvider.System);

    /// <summary>Born <paramref name="years"/> years ago, a little over so the age is exactly that.</summary>
    public static DateOnly BornYearsAgo(int years) => Today.AddYears(-years).AddDays(-10);

    public static async Task<Guid> ImportAsync(HttpClient client, string county, string csv, Encoding? encoding = null)
    {
        var bytes = encoding is null
            ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]
            : encoding.GetBytes(csv);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var response = await client.PostAsync($"/api/elders/imports?county={county}", content);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<ImportAcceptedDto>();
        return body!.ImportId;
    }

    public static async Task<ImportDto> WaitForImportAsync(HttpClient client, Guid importId) =>
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync<ImportDto>($"/api/elders/imports/{importId}"))!,
            i => i.Status is "succeeded" or "failed",
            TimeSpan.FromSeconds(60),
            "import"
        );

    public sealed record ImportAcceptedDto(Guid ImportId, string Status);

    public sealed record ImportDto(
        Guid ImportId,
        string Status,
        long RowsRead,
        long RowsAccepted,
        long RowsRejected,
        long RowsCreated,
        long RowsUpdated,
        long RowsUnchanged,
        double RowsPerSecond,
        string? Error
    );

    public sealed record ClassificationDto(
        int? Category,
        bool Eligible,
        bool IsLocal,
        string[] Reasons,
        string RulesVersion
    );

    public sealed record ElderDto(
        Guid ElderId,
        string IdNumber,
        string Name,
        string HomeCounty,
        string? Phone,
        int? AbilityScore,
        ClassificationDto Classification,
        long Version,
        bool Unmasked
    );

    public sealed record PageDto<T>(T[] Items, long Total);

    public sealed record ErrorDto(long RowNumber, string Field, string Code, string Message);

    /// <summary>Outbox rows of <paramref name="type"/> whose body has <c>homeCounty</c> (or <c>county</c>) =
    /// <paramref name="county"/>.</summary>
    /// <summary>
    /// Events of <paramref name="type"/> about <paramref name="county"/> in the outbox: published alone, or carried in
    /// a roster import's <c>EldersImported</c> pack (ADR 0051).
    /// </summary>
    public static Task<long> EventsAsync(string type, string county) =>
        Database.ScalarAsync<long>(
            "eligibility",
            """
            SELECT (SELECT count(*) FROM outbox WHERE message_type = @type
                        AND (body->>'homeCounty' = @county OR body->>'county' = @county))
                 + (SELECT count(*) FROM outbox o CROSS JOIN LATERAL json_array_elements(o.body -> @part) e
                    WHERE o.message_type = @pack AND e->>'homeCounty' = @county)
            """,
            new
            {
                type = "LoveCard.Contracts.Eligibility." + type,
                county,
                pack = PackType,
                part = type switch
                {
                    "ElderRegistered" => "registered",
                    "ElderClassified" => "classified",
                    _ => "none",
                },
            }
        );

    public const string PackType = "LoveCard.Contracts.Eligibility.EldersImported";

    /// <summary>How many outbox rows carry events about <paramref name="county"/>'s elders: (alone, packs).</summary>
    public static async Task<(long Alone, long Packs)> MessagesAsync(string county) =>
        (
            await Database.ScalarAsync<long>(
                "eligibility",
                "SELECT count(*) FROM outbox WHERE message_type <> @pack AND body->>'homeCounty' = @county",
                new { county, pack = PackType }
            ),
            await Database.ScalarAsync<long>(
                "eligibility",
                """
                SELECT count(*) FROM outbox o WHERE o.message_type = @pack AND EXISTS (
                    SELECT 1 FROM json_array_elements(o.body -> 'classified') e WHERE e->>'homeCounty' = @county)
                """,
                new { county, pack = PackType }
            )
        );

    public static async Task<Guid> ElderIdAsync(string county, string village) =>
        await Database.ScalarAsync<Guid>(
            "eligibility",
            "SELECT elder_id FROM elders WHERE home_county = @county AND village_code = @village LIMIT 1",
            new { county, village }
        );
}
