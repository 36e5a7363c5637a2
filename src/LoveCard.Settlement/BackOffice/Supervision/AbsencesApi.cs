using System.ComponentModel.DataAnnotations;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// Elders' absences (住院/外出), recorded by the county bureau (its grid workers, 网格员, act with the
/// bureau role) and read by auditors: the source of the <c>during_absence</c> rule (DOMAIN.md §6).
/// </summary>
public static class AbsencesApi
{
    /// <summary>Longer than a year is not an absence but a move, which eligibility handles.</summary>
    public static readonly TimeSpan LongestAbsence = TimeSpan.FromDays(366);

    public static WebApplication MapAbsencesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/absences").RequirePeople().WithTags("Supervision").WithRequestLimits();
        group.MapPost("/", RecordAbsence).WithSummary("Record an elder's absence");
        group.MapGet("/", ListAbsences).WithSummary("List absences");
        group.MapGet("/{absenceId:guid}", GetAbsence).WithSummary("Read an absence");
        group
            .MapPatch("/{absenceId:guid}", ShortenAbsence)
            .WithSummary("Shorten a recorded absence, with a reason")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapDelete("/{absenceId:guid}", WithdrawAbsence)
            .WithSummary("Withdraw a wrongly recorded absence, with a reason")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record RecordAbsenceRequest(
        Guid ElderId,
        [property: StringLength(32, ErrorMessage = "invalid_kind")] string? Kind,
        DateTimeOffset? From,
        DateTimeOffset? To,
        [property: StringLength(500, ErrorMessage = "required")] string? Reason
    );

    /// <summary>The absence as recorded, and the anomalies it raised at once over purchases already booked in
    /// it.</summary>
    public sealed record AbsenceRecorded(AbsenceView Absence, IReadOnlyList<Guid> RaisedAnomalyIds);

    public static async Task<Created<AbsenceRecorded>> RecordAbsence(
        RecordAbsenceRequest request,
        HttpContext context,
        NpgsqlDataSource dataSource,
        AbsenceStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province);
        var errors = new ValidationErrors();
        if (request.ElderId == Guid.Empty)
        {
            errors.Add("elderId", "required", "elderId is required.");
        }

        if (request.Kind is null || !AbsenceStore.Kinds.Contains(request.Kind))
        {
            errors.Add("kind", "invalid_kind", "kind is hospital or away.");
        }

        if (request.From is null)
        {
            errors.Add("from", "required", "from (an instant with its offset) is required.");
        }

        if (request.To is null)
        {
            errors.Add("to", "required", "to (an instant with its offset, exclusive) is required.");
        }
        else if (request.From is { } start && request.To <= start)
        {
            errors.Add("to", "not_after_from", "to must be after from.");
        }
        else if (request.From is { } begin && request.To - begin > LongestAbsence)
        {
            errors.Add("to", "too_long", "An absence is at most 366 days.");
        }

        // The reason is kept in the audit trail; it says why (admitted, visiting family), not a diagnosis (PIPL).
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            errors.Add("reason", "required", "reason (1 to 500 characters) is required.");
        }

        errors.ThrowIfAny();
        string county;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            county = await BackOfficeAccess.ElderCountyAsync(connection, request.ElderId, ct);
        }

        caller.RequireVisible(caller.CoversCounty(county), "Elder");
        var (absence, anomalies) = await store.RecordAsync(
            caller,
            request.ElderId,
            county,
            request.Kind!,
            request.From!.Value,
            request.To!.Value,
            request.Reason!,
            ct
        );
        return TypedResults.Created($"/api/absences/{absence.AbsenceId}", new AbsenceRecorded(absence, anomalies));
    }

    public static async Task<Ok<Paged<AbsenceView>>> ListAbsences(
        string? county,
        Guid? elderId,
        string? kind,
        int? page,
        int? pageSize,
        HttpContext context,
        AbsenceStore store,
        CancellationToken ct
    )
    {
        if (string.IsNullOrWhiteSpace(county))
        {
            throw new BadInputException("county", "required", "county is required.");
        }

        if (kind is not null && !AbsenceStore.Kinds.Contains(kind))
        {
            throw new BadInputException("kind", "invalid_kind", "kind is hospital or away.");
        }

        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        context.Caller().RequireRole(Roles.Bureau, Roles.Auditor, Roles.Province).RequireCounty(county);
        var (total, items) = await store.ListAsync(county, elderId, kind, paging, ct);
        return TypedResults.Ok(Paged<AbsenceView>.Of(paging, total, items));
    }

    public sealed record ShortenAbsenceRequest(DateTimeOffset? From, DateTimeOffset? To, string? Reason);

    public static async Task<Ok<AbsenceView>> ShortenAbsence(
        Guid absenceId,
        ShortenAbsenceRequest request,
        HttpContext context,
        AbsenceStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province);
        var errors = new ValidationErrors();
        if (request.From is null && request.To is null)
        {
            errors.Add("to", "required", "Give the new from, the new to, or both.");
        }

        RequireReason(errors, request.Reason);
        errors.ThrowIfAny();
        return TypedResults.Ok(
            await store.ChangeAsync(
                caller,
                absenceId,
                request.From,
                request.To,
                withdraw: false,
                request.Reason!.Trim(),
                ct
            )
        );
    }

    /// <summary>A DELETE carries no body, so the reason is a query parameter.</summary>
    public static async Task<Ok<AbsenceView>> WithdrawAbsence(
        Guid absenceId,
        string? reason,
        HttpContext context,
        AbsenceStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province);
        var errors = new ValidationErrors();
        RequireReason(errors, reason);
        errors.ThrowIfAny();
        return TypedResults.Ok(
            await store.ChangeAsync(caller, absenceId, null, null, withdraw: true, reason!.Trim(), ct)
        );
    }

    private static void RequireReason(ValidationErrors errors, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            errors.Add("reason", "required", "reason (1 to 500 characters) says why the absence is corrected.");
        }
    }

    public static async Task<Ok<AbsenceView>> GetAbsence(
        Guid absenceId,
        HttpContext context,
        AbsenceStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Auditor, Roles.Province);
        var absence = await store.GetAsync(absenceId, ct);
        caller.RequireVisible(absence is not null && caller.CoversCounty(absence.County), "Absence");
        return TypedResults.Ok(absence!);
    }
}
