using System.ComponentModel.DataAnnotations;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// Auditors, the bureau and the province list and filter anomalies; the county bureau (or the
/// province) confirms or dismisses them (DOMAIN.md §6). Auditors read and decide nothing (issue 16):
/// "operators and auditors read in their own county but do not decide".
/// </summary>
public static class AnomaliesApi
{
    public static WebApplication MapAnomaliesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/anomalies").RequirePeople().WithTags("Supervision").WithRequestLimits();
        group.MapGet("/", List).WithSummary("List anomalies");
        group.MapPost("/{anomalyId:guid}/resolve", Resolve).WithSummary("Confirm or dismiss an anomaly");
        return app;
    }

    public sealed record ResolveAnomalyRequest(
        [property: StringLength(32, ErrorMessage = "invalid_status")] string? Status,
        [property: StringLength(1000, ErrorMessage = "required")] string? Note
    );

    /// <summary>The listing's sort keys (ADR 0031): newest first by default.</summary>
    public static readonly SortKeys Sorts = new(
        "-raisedAt",
        "anomaly_id",
        ("raisedAt", "raised_at"),
        ("rule", "rule"),
        ("status", "status"),
        ("creditPoints", "credit_points"),
        ("resolvedAt", "resolved_at")
    );

    public static async Task<Ok<Paged<AnomalyView>>> List(
        string? county,
        string? rule,
        string? status,
        int? page,
        int? pageSize,
        string? sort,
        HttpContext context,
        AnomalyStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller();
        if (string.IsNullOrWhiteSpace(county) && !caller.IsProvince)
        {
            // The province reads every county's anomalies without one (ADR 0037); everyone else names theirs.
            throw new BadInputException("county", "required", "county is required.");
        }

        if (rule is not null && !AnomalyRules.All.Contains(rule))
        {
            throw new BadInputException(
                "rule",
                "invalid_rule",
                $"rule is one of: {string.Join(", ", AnomalyRules.All)}."
            );
        }

        if (status is not (null or "open" or "confirmed" or "dismissed"))
        {
            throw new BadInputException("status", "invalid_status", "status is open, confirmed or dismissed.");
        }

        if (caller.IsAreaOfficial)
        {
            // A township or village official reads the anomalies of its township's providers (ADR 0044).
            caller.RequireCountyOrArea(county!);
            var areaPaging = PageRequest.Of(page, pageSize, sort, null, Sorts, PageLimits.Settlement);
            var (areaTotal, areaItems) = await store.ListForTownshipAsync(
                county!,
                caller.AreaTownship!,
                rule,
                status,
                areaPaging,
                ct
            );
            return TypedResults.Ok(Paged<AnomalyView>.Of(areaPaging, areaTotal, areaItems));
        }

        var paging = PageRequest.Of(page, pageSize, sort, null, Sorts, PageLimits.Settlement);
        caller.RequireRole(Roles.Auditor, Roles.Bureau, Roles.Province);
        if (!string.IsNullOrWhiteSpace(county))
        {
            caller.RequireCounty(county);
        }

        var (total, items) = await store.ListAsync(
            string.IsNullOrWhiteSpace(county) ? null : county,
            rule,
            status,
            paging,
            ct
        );
        return TypedResults.Ok(Paged<AnomalyView>.Of(paging, total, items));
    }

    public static async Task<Ok<AnomalyView>> Resolve(
        Guid anomalyId,
        ResolveAnomalyRequest request,
        HttpContext context,
        AnomalyStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province);
        if (request.Status is not ("confirmed" or "dismissed"))
        {
            throw new BadInputException("status", "invalid_status", "status is confirmed or dismissed.");
        }

        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Length > 1000)
        {
            throw new BadInputException("note", "required", "note (1 to 1000 characters) says why.");
        }

        return TypedResults.Ok(await store.ResolveAsync(caller, anomalyId, request.Status, request.Note, ct));
    }
}
