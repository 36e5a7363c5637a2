using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LoveCard.Hosting;

/// <summary>
/// The set-up every group of endpoints for people repeats (ADR 0055): authenticated with a LoveCard role, tagged,
/// request limits checked before the handler, and the problems its endpoints may answer in the document (401 and
/// 403 on every one).
/// </summary>
public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeopleGroup(
        this IEndpointRouteBuilder app,
        string prefix,
        string tag,
        params int[] problems
    )
    {
        int[] always = [StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden];
        var group = app.MapGroup(prefix).RequirePeople().WithTags(tag).WithRequestLimits();
        foreach (var status in problems.Concat(always))
        {
            group.ProducesProblem(status);
        }

        return group;
    }
}
