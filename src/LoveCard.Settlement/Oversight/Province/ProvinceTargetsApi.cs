using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.Province;

/// <summary><c>GET /api/province/targets</c>: the province's progress against the plan, month by month (ADR 0037).
/// </summary>
public static class ProvinceTargetsApi
{
    public static WebApplication MapProvinceTargetsApi(this WebApplication app)
    {
        app.MapGroup("/api/province")
            .RequirePeople()
            .WithTags("Province")
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/targets", GetTargets)
            .WithSummary("Read the province's progress against the plan's targets, month by month");
        return app;
    }

    /// <summary>The current month counted now, then the recorded months, newest first (province only).</summary>
    public static async Task<Ok<Paged<TargetMonth>>> GetTargets(
        int? page,
        int? pageSize,
        HttpContext http,
        ProvinceTargetStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        http.Caller().RequireRole(Roles.Province);
        var paging = PageRequest.Of(page, pageSize);
        var now = time.GetUtcNow();
        var current = Shanghai.Period(now);
        var months = new List<TargetMonth>
        {
            TargetMonth.Of(current, false, await store.MeasureAsync(Shanghai.Today(now), ct)),
        };
        months.AddRange((await store.HistoryAsync(current, ct)).Select(m => TargetMonth.Of(m.Month, true, m.Figures)));
        var items = months.Skip(paging.Offset).Take(paging.PageSize).ToList();
        return TypedResults.Ok(Paged<TargetMonth>.Of(paging, months.Count, items));
    }
}
