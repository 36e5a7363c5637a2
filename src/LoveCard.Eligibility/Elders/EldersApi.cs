using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Counties;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

public static class EldersApi
{
    public static RouteGroupBuilder MapEldersApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/elders").RequirePeople().WithTags("Elders").WithRequestLimits();
        group.MapPost("/", RegisterElder).WithSummary("Register one elder");
        group.MapGet("/", ListElders).WithSummary("List the elders of a county");
        group.MapGet("/{elderId:guid}", GetElder).WithSummary("Read one elder");
        group.MapPut("/{elderId:guid}/attributes", UpdateAttributes).WithSummary("Change an elder's attributes");
        group
            .MapGet("/{elderId:guid}/classifications", GetClassifications)
            .WithSummary("Read an elder's classification history");
        return group;
    }

    /// <summary>Registers (or updates) one elder by a bureau; the same write path as a roster row.</summary>
    public static async Task<Results<Created<ElderView>, Ok<ElderView>>> RegisterElder(
        ElderRegistration body,
        HttpContext http,
        NpgsqlDataSource dataSource,
        ElderWriter writer,
        ElderStore store,
        PersonalDataProtector protector,
        TimeProvider time,
        CountyRegister register,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        var home = body.HomeCounty ?? caller.County;
        CountyCodes.Require(home, "homeCounty");
        await register.RequireAsync(home, "homeCounty", ct);
        caller.RequireCounty(home!);
        var raw = new RawElder(
            body.IdNumber,
            body.Name,
            body.HukouProvince,
            body.HukouCounty,
            home,
            body.VillageCode,
            body.Phone,
            body.Hardship,
            body.AbilityScore?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            body.AssessmentDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            body.Dementia is true ? "true" : "false",
            string.Join(';', body.SpecialSituations ?? []),
            body.SocialSecurityCardNumber
        );
        var input = ParseOrThrow(raw, home!, time);
        var result = await WriteOneAsync(
            dataSource,
            writer,
            input,
            caller,
            body.Reason ?? "bureau entry",
            time,
            allowCountyMove: false,
            ct
        );
        var row = (await store.GetAsync(result.ElderIds[0], ct))!;
        var view = View(row, protector, Shanghai.Today(time), unmasked: false);
        return result.Created == 1 ? TypedResults.Created($"/api/elders/{row.ElderId}", view) : TypedResults.Ok(view);
    }

    /// <summary>
    /// One elder. Masked unless a province user, or a bureau of the elder's county, gives a
    /// <paramref name="purpose"/>: then the ID number, name, phone and birth date are shown and the read is logged.
    /// </summary>
    public static async Task<Ok<ElderView>> GetElder(
        Guid elderId,
        string? purpose,
        HttpContext http,
        ElderStore store,
        PersonalDataProtector protector,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var row = await store.GetAsync(elderId, ct);
        caller.RequireVisible(row is not null && SeesElder(caller, row), "Elder");
        var unmasked = false;
        if (!string.IsNullOrWhiteSpace(purpose))
        {
            if (!(caller.IsProvince || (caller.Role == Roles.Bureau && caller.CoversCounty(row!.HomeCounty))))
            {
                throw new ForbiddenException(
                    "Only the province or the elder's county bureau may read unmasked personal data."
                );
            }

            if (purpose.Trim().Length < 4)
            {
                throw new BadInputException(
                    "purpose",
                    "purpose_required",
                    "Say why the unmasked data is needed (at least 4 characters)."
                );
            }

            await store.LogUnmaskedReadAsync(
                caller.Subject,
                caller.Role,
                elderId,
                ["id_number", "name", "phone", "birth_date"],
                purpose.Trim(),
                ct
            );
            unmasked = true;
        }

        return TypedResults.Ok(View(row!, protector, Shanghai.Today(time), unmasked));
    }

    /// <summary>The listing's sort keys (ADR 0031): village by default.</summary>
    public static readonly SortKeys ElderSorts = new(
        "villageCode",
        "elder_id",
        ("villageCode", "village_code"),
        ("category", "category"),
        ("evaluatedOn", "evaluated_on"),
        ("hardship", "hardship"),
        ("elderId", "elder_id")
    );

    /// <summary>
    /// A county's elders (a township or village official's: those of its area), paged and sorted; <c>q</c> finds
    /// one by ID number, card number or full name
    /// (<see cref="ElderSearch"/>). A name is compared decrypted, so its candidates (one masked name in
    /// one county: few) are paged here rather than in SQL.
    /// </summary>
    public static async Task<Ok<Paged<ElderView>>> ListElders(
        string? county,
        string? village,
        int? category,
        int? page,
        int? pageSize,
        string? sort,
        string? q,
        HttpContext http,
        ElderStore store,
        PersonalDataProtector protector,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Township, Roles.Village);
        county ??= caller.County;
        CountyCodes.Require(county);
        caller.RequireCountyOrArea(county!);
        var area = caller.AreaPrefix;
        var errors = new ValidationErrors();
        if (category is not null and not (1 or 2 or 3))
        {
            errors.Add("category", "invalid_category", "category is 1, 2 or 3.");
        }

        var paging = PageRequest.Of(page, pageSize, sort, q, ElderSorts, errors: errors);
        errors.ThrowIfAny();
        var search = ElderSearch.Of(paging.Q, protector);
        var today = Shanghai.Today(time);
        if (search.FullName is { } wanted)
        {
            var all = PageRequest.Of(1, PageLimits.Standard.MaxSize, sort, null, ElderSorts);
            var (candidates, _) = await store.ListAsync(county!, village, area, category, search, all, ct);
            var matching = candidates.Where(r => protector.Decrypt(r.NameEncrypted) == wanted).ToArray();
            var pageRows = matching
                .Skip(paging.Offset)
                .Take(paging.PageSize)
                .Select(r => View(r, protector, today, false))
                .ToArray();
            return TypedResults.Ok(Paged<ElderView>.Of(paging, matching.Length, pageRows));
        }

        var (items, total) = await store.ListAsync(county!, village, area, category, search, paging, ct);
        return TypedResults.Ok(
            Paged<ElderView>.Of(paging, total, items.Select(r => View(r, protector, today, false)).ToArray())
        );
    }

    /// <summary>Changes an elder's attributes; reclassifies and publishes ElderClassified if the result
    /// changed.</summary>
    public static async Task<Ok<ElderView>> UpdateAttributes(
        Guid elderId,
        ElderAttributes body,
        HttpContext http,
        NpgsqlDataSource dataSource,
        ElderWriter writer,
        ElderStore store,
        PersonalDataProtector protector,
        TimeProvider time,
        CountyRegister register,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        var row = await store.GetAsync(elderId, ct);
        caller.RequireVisible(row is not null && caller.CoversCounty(row.HomeCounty), "Elder");
        var home = body.HomeCounty ?? row!.HomeCounty;
        CountyCodes.Require(home, "homeCounty");
        await register.RequireAsync(home, "homeCounty", ct);
        caller.RequireCounty(home); // moving an elder needs the right to both counties

        var raw = new RawElder(
            protector.Decrypt(row!.IdEncrypted),
            protector.Decrypt(row.NameEncrypted),
            body.HukouProvince,
            body.HukouCounty,
            home,
            body.VillageCode,
            body.Phone ?? (row.PhoneEncrypted is null ? null : protector.Decrypt(row.PhoneEncrypted)),
            body.Hardship,
            body.AbilityScore?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            body.AssessmentDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            body.Dementia is true ? "true" : "false",
            string.Join(';', body.SpecialSituations ?? []),
            body.SocialSecurityCardNumber
        );
        var input = ParseOrThrow(raw, home, time);
        await WriteOneAsync(
            dataSource,
            writer,
            input,
            caller,
            body.Reason ?? "attributes changed",
            time,
            allowCountyMove: true,
            ct
        );
        var updated = (await store.GetAsync(elderId, ct))!;
        return TypedResults.Ok(View(updated, protector, Shanghai.Today(time), unmasked: false));
    }

    public static async Task<Ok<Paged<ClassificationRecord>>> GetClassifications(
        Guid elderId,
        int? page,
        int? pageSize,
        HttpContext http,
        ElderStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var row = await store.GetAsync(elderId, ct);
        caller.RequireVisible(row is not null && SeesElder(caller, row), "Elder");
        var paging = PageRequest.Of(page, pageSize);
        var (items, total) = await store.HistoryAsync(elderId, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Paged<ClassificationRecord>.Of(paging, total, items));
    }

    /// <summary>
    /// Who reads one elder: the county's staff, the elder and their agents, and the township or village
    /// official of the elder's village (masked, ADR 0044).
    /// </summary>
    private static bool SeesElder(Caller caller, ElderRow row) =>
        caller.CoversCounty(row.HomeCounty)
        || caller.ActsForElder(row.ElderId)
        || caller.CoversVillage(row.HomeCounty, row.VillageCode);

    private static ElderInput ParseOrThrow(RawElder raw, string home, TimeProvider time)
    {
        var errors = new List<RowError>();
        var input = ElderInput.Parse(raw, home, Shanghai.Today(time), errors);
        if (input is null)
        {
            var problems = new ValidationErrors();
            foreach (var e in errors)
            {
                problems.Add(JsonName(e.Field), e.Code, e.Message);
            }

            problems.ThrowIfAny();
        }

        return input!;
    }

    private static async Task<WriteResult> WriteOneAsync(
        NpgsqlDataSource dataSource,
        ElderWriter writer,
        ElderInput input,
        Caller caller,
        string reason,
        TimeProvider time,
        bool allowCountyMove,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await writer.WriteAsync(
            connection,
            transaction,
            [input],
            new Actor(ActorKinds.User, caller.Subject),
            reason,
            Shanghai.Today(time),
            time.GetUtcNow(),
            allowCountyMove,
            ct
        );
        if (result.Rejected.TryGetValue(0, out var rejected))
        {
            throw new ConflictException(rejected.Code, rejected.Message);
        }

        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary><c>village_code</c> → <c>villageCode</c>: row errors name roster columns, JSON errors JSON
    /// fields.</summary>
    private static string JsonName(string column)
    {
        var parts = column.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    public static ElderView View(ElderRow r, PersonalDataProtector protector, DateOnly today, bool unmasked) =>
        new(
            r.ElderId,
            unmasked ? protector.Decrypt(r.IdEncrypted) : r.IdMasked,
            unmasked ? protector.Decrypt(r.NameEncrypted) : r.NameMasked,
            r.Sex,
            Ages.On(r.BirthDate(protector), today),
            unmasked ? r.BirthDate(protector) : null,
            r.HukouProvince,
            r.HukouCounty,
            r.HomeCounty,
            r.VillageCode,
            unmasked && r.PhoneEncrypted is not null ? protector.Decrypt(r.PhoneEncrypted) : r.PhoneMasked,
            r.Hardship,
            r.AbilityScore,
            r.AssessmentDate,
            r.AbilityLevel,
            r.Dementia,
            r.SpecialSituations,
            r.SsCardNumber,
            new ClassificationView(r.Category, r.Eligible, r.IsLocal, r.Reasons, r.RulesVersion, r.EvaluatedOn),
            r.Version,
            unmasked
        );
}
