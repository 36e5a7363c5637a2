using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.PriceStandards;

/// <summary>County price standards (DOMAIN.md §4): <c>/api/counties/{county}/price-standards</c>.</summary>
public static partial class PriceStandardsApi
{
    /// <summary>Default names of the standard items, so a bureau need not repeat them.</summary>
    private static readonly Dictionary<string, string> StandardNames = new()
    {
        [ServiceItems.Meal] = "助餐",
        [ServiceItems.Bath] = "助浴",
        [ServiceItems.Cleaning] = "助洁",
        [ServiceItems.Mobility] = "助行",
        [ServiceItems.Medical] = "助医",
        [ServiceItems.Emergency] = "助急",
        [ServiceItems.Chat] = "助聊",
        [ServiceItems.Learning] = "助学",
    };

    /// <summary>
    /// The shortest visit of an item a county marks as a home service without saying how long (ADR 0026).
    /// </summary>
    public const int DefaultMinimumVisitMinutes = 30;

    [GeneratedRegex("^[a-z][a-z0-9_]{1,31}$")]
    private static partial Regex ItemCodePattern();

    public static IEndpointRouteBuilder MapPriceStandardsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counties/{county}/price-standards")
            .RequirePeople()
            .WithTags("Price standards")
            .WithRequestLimits()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403);
        group.MapGet("/", GetAsync).WithSummary("Read a county's price standards");
        group.MapPut("/", PutAsync).WithSummary("Set a new version of the price standards");
        return app;
    }

    /// <summary>The county's bureau, operators and auditors, the province, and the county's own providers may
    /// read.</summary>
    public static async Task<Ok<PriceStandardsView>> GetAsync(
        string county,
        HttpContext http,
        PriceStandardStore store,
        ProviderStore providers,
        TimeProvider time,
        CancellationToken ct
    )
    {
        Counties.Require(county);
        var caller = http.Caller();
        if (caller.Role == Roles.Provider)
        {
            var own = caller.ProviderId is { } id ? await providers.FindAsync(id, ct) : null;
            if (own?.County != county)
            {
                throw new ForbiddenException("A provider reads the price standards of its own county only.");
            }
        }
        else
        {
            caller.RequireCounty(county);
        }

        var today = Shanghai.Today(time);
        return TypedResults.Ok(
            new PriceStandardsView(
                county,
                await store.InForceAsync(county, today, ct),
                await store.ScheduledAsync(county, today, ct)
            )
        );
    }

    /// <summary>
    /// A new version of the county's standard, effective from today or a later day (Asia/Shanghai):
    /// a ceiling never changes retroactively under prices already charged.
    /// </summary>
    public static async Task<Ok<PriceStandardVersion>> PutAsync(
        string county,
        SetPriceStandardsRequest request,
        HttpContext http,
        PriceStandardStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        Counties.Require(county);
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        var today = Shanghai.Today(time);
        var effectiveFrom = request.EffectiveFrom ?? today;
        var errors = new ValidationErrors();
        if (effectiveFrom < today)
        {
            errors.Add(
                "effectiveFrom",
                "effective_from_in_past",
                $"A price standard takes effect today ({today:yyyy-MM-dd}) or later."
            );
        }

        if (request.Items is not { Count: > 0 })
        {
            errors.Add("items", "required", "List the items with their ceilings.");
        }

        var items = new List<PriceStandardItemRow>();
        var seen = new HashSet<string>();
        for (var i = 0; i < (request.Items?.Count ?? 0); i++)
        {
            var item = request.Items![i];
            var at = $"items[{i}]";
            if (item.ItemCode is null || !ItemCodePattern().IsMatch(item.ItemCode))
            {
                errors.Add(
                    $"{at}.itemCode",
                    "invalid_item_code",
                    "Lower-case letters, digits and _, 2 to 32 characters, starting with a letter."
                );
                continue;
            }

            if (!seen.Add(item.ItemCode))
            {
                errors.Add($"{at}.itemCode", "duplicate_item", $"{item.ItemCode} is listed twice.");
            }

            var name = string.IsNullOrWhiteSpace(item.Name)
                ? StandardNames.GetValueOrDefault(item.ItemCode)
                : item.Name.Trim();
            if (name is null || name.Length > 50)
            {
                errors.Add($"{at}.name", "required", "A county-added item needs a name (at most 50 characters).");
            }

            if (string.IsNullOrWhiteSpace(item.Unit) || item.Unit.Length > 20)
            {
                errors.Add(
                    $"{at}.unit",
                    "required",
                    "The unit, e.g. 次 (a visit) or 餐 (a meal), at most 20 characters."
                );
            }

            if (item.CeilingFen is not > 0)
            {
                errors.Add($"{at}.ceilingFen", "invalid_ceiling", "The ceiling is a positive amount in fen.");
            }

            var (homeService, minimumMinutes) = HomeService(errors, at, item);
            items.Add(
                new PriceStandardItemRow
                {
                    ItemCode = item.ItemCode,
                    Name = name ?? "",
                    Unit = item.Unit?.Trim() ?? "",
                    CeilingFen = item.CeilingFen ?? 0,
                    HomeService = homeService,
                    MinimumVisitMinutes = minimumMinutes,
                }
            );
        }

        if (request.Reason is { Length: > 500 })
        {
            errors.Add("reason", "too_long", "At most 500 characters.");
        }

        errors.ThrowIfAny();
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "price_standard_set" : request.Reason.Trim();
        return TypedResults.Ok(
            await store.AddVersionAsync(
                county,
                effectiveFrom,
                items,
                reason,
                new Actor(ActorKinds.User, caller.Subject),
                ct
            )
        );
    }

    /// <summary>
    /// Whether the item is given in the elder's home, and its shortest proving visit (DOMAIN.md §8 "Home visits"):
    /// as the bureau says, else the item's default (bath, cleaning and mobility are home services). Stored resolved,
    /// so every version says plainly what it marked.
    /// </summary>
    private static (bool HomeService, int? MinimumMinutes) HomeService(
        ValidationErrors errors,
        string at,
        PriceStandardItemRequest item
    )
    {
        var defaultMinutes = ServiceItems.HomeServiceMinimumMinutes.TryGetValue(item.ItemCode!, out var minutes)
            ? minutes
            : (int?)null;
        var homeService = item.HomeService ?? defaultMinutes is not null;
        if (item.MinimumVisitMinutes is { } given && (given is < 1 or > 480 || !homeService))
        {
            errors.Add(
                $"{at}.minimumVisitMinutes",
                "invalid_minimum_visit_minutes",
                "A home service's shortest visit is 1 to 480 minutes; only a home service has one."
            );
        }

        return homeService
            ? (true, item.MinimumVisitMinutes ?? defaultMinutes ?? DefaultMinimumVisitMinutes)
            : (false, null);
    }
}
