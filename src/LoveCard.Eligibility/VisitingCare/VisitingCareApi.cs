using System.Globalization;
using Dapper;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Exports;
using LoveCard.Hosting.OpenApi;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.VisitingCare;

/// <summary>The bureau's visiting-care list: elders with any special situation, advanced age or
/// disability/dementia.</summary>
public static class VisitingCareApi
{
    public static RouteGroupBuilder MapVisitingCareApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/counties/{county}/visiting-care").RequirePeople().WithTags("Visiting care");
        group
            .MapGet("/", ListVisitingCare)
            .WithSummary("List the elders due a visit (JSON, CSV or XLSX)")
            .ProducesSpreadsheet();
        return group;
    }

    public static async Task<Results<Ok<Paged<VisitingCareEntry>>, PushStreamHttpResult>> ListVisitingCare(
        string county,
        string? village,
        string? situation,
        int? page,
        int? pageSize,
        string? format,
        string? headers,
        HttpContext http,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        CountyCodes.Require(county);
        var area = http.Caller()
            .RequireRole(Roles.Bureau, Roles.Province, Roles.Township, Roles.Village)
            .RequireCountyOrArea(county)
            .AreaPrefix;
        if (situation is not null && !SpecialSituations.VisitingCare.Contains(situation))
        {
            throw new BadInputException(
                "situation",
                "invalid_situation",
                $"situation is one of {string.Join(", ", SpecialSituations.VisitingCare)}."
            );
        }

        const string filter = """
            FROM elders WHERE home_county = @county AND cardinality(care_situations) > 0 AND date_of_death IS NULL
                AND (@village::text IS NULL OR village_code = @village)
                AND (@area::text IS NULL OR village_code LIKE @area || '%')
                AND (@situation::text IS NULL OR @situation = ANY(care_situations))
            """;
        const string select =
            "SELECT elder_id, name_masked AS name, village_code, category, care_situations AS situations, "
            + $"phone_masked AS phone {filter} ORDER BY village_code, elder_id";
        if (format is "csv" or "xlsx")
        {
            var columns = ExportTable.ParseHeaders(headers);
            return Export.Download(format, columns, Rows(), $"visiting-care-{county}", county);
        }

        if (format is not null and not "json")
        {
            throw new BadInputException("format", "invalid_format", "format is json, csv or xlsx.");
        }

        var paging = PageRequest.Of(page, pageSize);
        var args = new
        {
            county,
            village,
            area,
            situation,
            pageSize = paging.PageSize,
            offset = (long)paging.Offset,
        };
        var (total, items) = await dataSource.QueryPageAsync<VisitingCareEntry>(
            new CommandDefinition(
                $"SELECT count(*) {filter};\n{select} LIMIT @pageSize OFFSET @offset",
                args,
                cancellationToken: ct
            )
        );
        return TypedResults.Ok(Paged<VisitingCareEntry>.Of(paging, total, items));

        async IAsyncEnumerable<object?[]> Rows()
        {
            var people = ExportTable.ParseHeaders(headers) == ExportHeaders.Chinese;
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var reader = await connection.ExecuteReaderAsync(
                new CommandDefinition(
                    select,
                    new
                    {
                        county,
                        village,
                        area,
                        situation,
                    },
                    cancellationToken: ct
                )
            );
            var parser = reader.GetRowParser<VisitingCareEntry>();
            while (await reader.ReadAsync(ct))
            {
                var e = parser(reader);
                var situations = people
                    ? string.Join('、', e.Situations.Select(s => SituationWords.GetValueOrDefault(s, s)))
                    : string.Join(';', e.Situations);
                yield return [e.ElderId, e.Name, e.VillageCode, e.Category, situations, e.Phone];
            }
        }
    }

    /// <summary>The visiting-care list as a spreadsheet (ADR 0032); nothing in it adds up, so no totals row.</summary>
    private static readonly ExportTable Export = new([
        new("elder_id", "老人编号"),
        new("name", "老人姓名"),
        new("village_code", "村（社区）代码"),
        new("category", "类别", ExportCell.Number),
        new("situations", "特殊情形"),
        new("phone", "联系电话"),
    ]);

    private static readonly Dictionary<string, string> SituationWords = new()
    {
        [SpecialSituations.Alone] = "独居",
        [SpecialSituations.EmptyNest] = "空巢",
        [SpecialSituations.LeftBehind] = "留守",
        [SpecialSituations.SevereDisability] = "重度残疾",
        [SpecialSituations.SpecialFamilyPlanning] = "计生特殊家庭",
        [SpecialSituations.AdvancedAge] = "高龄",
        [SpecialSituations.DisabledOrDemented] = "失能失智",
    };
}
