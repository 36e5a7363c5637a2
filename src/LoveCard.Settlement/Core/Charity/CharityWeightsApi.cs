using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// The provincial charity fund's allocation weights (ADR 0043), for the province role only: read the weights in
/// force and their versions, and change them with a reason (audited), without restarting the service.
/// </summary>
public static class CharityWeightsApi
{
    public static WebApplication MapCharityWeightsApi(this WebApplication app)
    {
        var group = app.MapPeopleGroup("/api/province/charity-fund/weights", "Charity fund", 400, 409);
        group.MapGet("", Get).WithSummary("Read the allocation weights in force");
        group.MapPut("", Change).WithSummary("Change the allocation weights, naming the version read and why");
        group.MapGet("/versions", Versions).WithSummary("List every version of the allocation weights");
        return app;
    }

    public static async Task<Ok<CharityWeightsView>> Get(
        HttpContext context,
        CharityWeightStore store,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Province);
        return TypedResults.Ok(await store.GetAsync(ct));
    }

    public static async Task<Ok<Paged<CharityWeightsView>>> Versions(
        int? page,
        int? pageSize,
        HttpContext context,
        CharityWeightStore store,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Province);
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        return TypedResults.Ok(await store.HistoryAsync(paging, ct));
    }

    /// <summary>A new version of the weights; bad input (every fault named by its field) changes nothing.</summary>
    public static async Task<Ok<CharityWeightsView>> Change(
        CharityWeightsRequest request,
        HttpContext context,
        CharityWeightStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Province);
        var errors = new ValidationErrors();
        VersionedSetting.RequireVersion(errors, request.Version);

        if (request.MountainOrIslandWeightPermille is null)
        {
            errors.Add(
                "mountainOrIslandWeightPermille",
                "required",
                "mountainOrIslandWeightPermille (1 to 100000 thousandths) is required."
            );
        }

        if (request.OtherWeightPermille is null)
        {
            errors.Add("otherWeightPermille", "required", "otherWeightPermille (1 to 100000 thousandths) is required.");
        }

        var reason = VersionedSetting.RequireReason(errors, request.Reason);
        errors.ThrowIfAny();
        var weights = new CharityWeights(
            request.MountainOrIslandWeightPermille!.Value,
            request.OtherWeightPermille!.Value
        );
        return TypedResults.Ok(await store.ChangeAsync(request.Version!.Value, weights, reason!, caller.Subject, ct));
    }
}
