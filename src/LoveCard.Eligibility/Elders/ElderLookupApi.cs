using Dapper;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// Finds an elder of a county by resident ID number (through the keyed hash; the number itself is
/// never stored in clear) or by full name (narrowed by the stored masked name, then compared with
/// the decrypted name), for the console's search box (issue 16). Answers masked, like the listing.
/// The listing's <c>q</c> (<see cref="ElderSearch"/>) finds the same and a card number too; this
/// read stays for the console's search box, which calls it.
/// </summary>
public static class ElderLookupApi
{
    /// <summary>
    /// A common name in a big county: more than this many candidates is refined by the ID number instead.
    /// </summary>
    private const int MaxCandidates = 200;

    public static WebApplication MapElderLookupApi(this WebApplication app)
    {
        app.MapGet("/api/elders/lookup", Lookup)
            .RequirePeople()
            .WithTags("Elders")
            .WithRequestLimits()
            .WithSummary("Find an elder of a county by ID number or full name")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Ok<Paged<ElderView>>> Lookup(
        string? county,
        string? idNumber,
        string? name,
        HttpContext http,
        NpgsqlDataSource dataSource,
        PersonalDataProtector protector,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        county ??= caller.County;
        CountyCodes.Require(county);
        caller.RequireCounty(county!);
        if (string.IsNullOrWhiteSpace(idNumber) == string.IsNullOrWhiteSpace(name))
        {
            throw new BadInputException("idNumber", "required", "Give either idNumber or name.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        IReadOnlyList<ElderRow> rows;
        if (!string.IsNullOrWhiteSpace(idNumber))
        {
            var id = ResidentId.TryParse(idNumber, null, out var code)
                ?? throw new BadInputException(
                    "idNumber",
                    code,
                    "The ID number is not a valid 18-character resident ID."
                );
            rows = (
                await connection.QueryAsync<ElderRow>(
                    new CommandDefinition(
                        $"SELECT {ElderRow.Columns} FROM elders WHERE id_hash = @hash AND home_county = @county",
                        new { hash = protector.Hash(id.Number), county },
                        cancellationToken: ct
                    )
                )
            ).AsList();
        }
        else
        {
            var wanted = name!.Trim();
            var candidates = await connection.QueryAsync<ElderRow>(
                new CommandDefinition(
                    $"SELECT {ElderRow.Columns} FROM elders WHERE home_county = @county AND name_masked = @masked "
                        + "ORDER BY elder_id LIMIT @limit",
                    new
                    {
                        county,
                        masked = PersonalDataProtector.MaskName(wanted),
                        limit = MaxCandidates,
                    },
                    cancellationToken: ct
                )
            );
            rows = candidates.Where(r => protector.Decrypt(r.NameEncrypted) == wanted).ToArray();
        }

        var today = Shanghai.Today(time);
        var items = rows.Select(r => EldersApi.View(r, protector, today, unmasked: false)).ToArray();
        return TypedResults.Ok(new Paged<ElderView>(items, items.Length, 1, Math.Max(1, items.Length)));
    }
}
