using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Counties;

/// <summary>The province sets a county of the register up (ADR 0036): version 1 of its settings and subsidy
/// policy, with the defaults and the register's mountain/island flag, published so settlement knows the policy.
/// Reading a county's settings never does this.</summary>
public static class CountySetupApi
{
    public static RouteGroupBuilder MapCountySetupApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/province/counties/{county}")
            .RequirePeople()
            .WithTags("Counties")
            .WithRequestLimits();
        group.MapPost("/setup", SetUp).WithSummary("Set a county of the register up (province)");
        return group;
    }

    /// <summary>201 with the new settings, or 200 with the settings the county already has.</summary>
    public static async Task<Results<Created<CountySettingsView>, Ok<CountySettingsView>>> SetUp(
        string county,
        HttpContext http,
        CountyStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        CountyCodes.Require(county);
        http.Caller().RequireRole(Roles.Province);
        var (settings, created) = await store.SetUpAsync(dataSource, county, ct);
        var view = new CountySettingsView(settings, 0);
        return created ? TypedResults.Created($"/api/counties/{county}/settings", view) : TypedResults.Ok(view);
    }
}
