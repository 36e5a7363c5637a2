using System.Globalization;
using LoveCard.Hosting.Exports;
using System.Text;
using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.VisitingCare;

/// <summary>One elder for the grid workers' visits (探访关爱); masked like every list.</summary>
public sealed class VisitingCareEntry
{
    public Guid ElderId { get; init; }
    public string Name { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public int? Category { get; init; }
    public string[] Situations { get; init; } = [];
    public string? Phone { get; init; }
}

/// <summary>The bureau's visiting-care list: elders with any special situation, advanced age or disability/dementia.</summary>
public static class VisitingCareApi
{
    public static RouteGroupBuilder MapVisitingCareApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/counties/{county}/visiting-care").RequirePeople().WithTags("Visiting care");
        group.MapGet("/", ListVisitingCare).WithSummary("List the elders due a visit (JSON or CSV)");
        return group;
    }

    public static async Task<Results<Ok<Paged<VisitingCareEntry>>, PushStreamHttpResult>> ListVisitingCare(
        string county, string? village, string? situation, int? page, int? pageSize, string? format, HttpContext http,
        NpgsqlDataSource dataSource, CancellationToken ct)
    {
        CountyCodes.Require(county);
        http.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        if (situation is not null && !SpecialSituations.VisitingCare.Contains(situation))
        {
            throw new BadInputException("situation", "invalid_situation", $"situation is one of {string.Join(", ", SpecialSituations.VisitingCare)}.");
        }

        const string filter = """
            FROM elders WHERE home_county = @county AND cardinality(care_situations) > 0 AND date_of_death IS NULL
                AND (@village::text IS NULL OR village_code = @village)
                AND (@situation::text IS NULL OR @situation = ANY(care_situations))
            """;
        const string select = $"SELECT elder_id, name_masked AS name, village_code, category, care_situations AS situations, phone_masked AS phone {filter} ORDER BY village_code, elder_id";
        if (format == "csv")
        {
            return TypedResults.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(true));
                await writer.WriteLineAsync("elder_id,name,village_code,category,situations,phone");
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(select, new { county, village, situation }, cancellationToken: ct));
                var parser = reader.GetRowParser<VisitingCareEntry>();
                while (await reader.ReadAsync(ct))
                {
                    var e = parser(reader);
                    await writer.WriteLineAsync(CsvCell.Row(
                        e.ElderId.ToString(), CsvCell.Text(e.Name), CsvCell.Text(e.VillageCode), e.Category?.ToString(CultureInfo.InvariantCulture) ?? "",
                        CsvCell.Text(string.Join(';', e.Situations)), CsvCell.Text(e.Phone)));
                }
            }, "text/csv; charset=utf-8", $"visiting-care-{county}.csv");
        }

        if (format is not null and not "json")
        {
            throw new BadInputException("format", "invalid_format", "format is json or csv.");
        }

        var paging = PageRequest.Of(page, pageSize);
        var args = new { county, village, situation, pageSize = paging.PageSize, offset = (long)paging.Offset };
        var (total, items) = await dataSource.QueryPageAsync<VisitingCareEntry>(new CommandDefinition(
            $"SELECT count(*) {filter};\n{select} LIMIT @pageSize OFFSET @offset", args, cancellationToken: ct));
        return TypedResults.Ok(Paged<VisitingCareEntry>.Of(paging, total, items));
    }
}
