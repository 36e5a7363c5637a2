using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Items;

/// <summary>The items a provider may sell, with prices and discounts: <c>/api/providers/{id}/items</c>.</summary>
public static class ProviderItemsApi
{
    public static IEndpointRouteBuilder MapProviderItemsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/providers/{id:guid}/items")
            .RequirePeople()
            .WithTags("Items")
            .WithRequestLimits()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404);
        group.MapGet("/", GetAsync).WithSummary("Read a provider's items and prices");
        group
            .MapPut("/", PutAsync)
            .WithSummary("Set a provider's items and prices")
            .ProducesProblem(409)
            .ProducesProblem(422);
        return app;
    }

    public static async Task<Ok<ProviderItemsView>> GetAsync(
        Guid id,
        HttpContext http,
        ProviderStore providers,
        ProviderItemStore store,
        CancellationToken ct
    )
    {
        ProviderAccess.RequireVisible(http.Caller(), await providers.FindAsync(id, ct));
        return TypedResults.Ok(new ProviderItemsView(id, await store.ListAsync(id, ct)));
    }

    /// <summary>Replaces the whole list; the provider itself or the bureau of its county.</summary>
    public static async Task<Ok<ProviderItemsView>> PutAsync(
        Guid id,
        SetItemsRequest request,
        HttpContext http,
        ProviderItemStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var today = Shanghai.Today(time);
        var errors = new ValidationErrors();
        if (request.Items is null)
        {
            errors.Add("items", "required", "The full list of items (empty to sell nothing).");
        }

        var changes = new List<ItemChange>();
        var seen = new HashSet<string>();
        for (var i = 0; i < (request.Items?.Count ?? 0); i++)
        {
            var item = request.Items![i];
            var at = $"items[{i}]";
            if (string.IsNullOrWhiteSpace(item.ItemCode))
            {
                errors.Add($"{at}.itemCode", "required", "The item code, e.g. meal.");
            }
            else if (!seen.Add(item.ItemCode))
            {
                errors.Add($"{at}.itemCode", "duplicate_item", $"{item.ItemCode} is listed twice.");
            }

            if (item.UnitPriceFen is not > 0)
            {
                errors.Add($"{at}.unitPriceFen", "invalid_price", "The price is a positive amount in fen.");
            }

            if (item.DiscountPercent is < 0 or > 100)
            {
                errors.Add(
                    $"{at}.discountPercent",
                    "invalid_discount",
                    "The card-holder discount is 0 to 100 percent."
                );
            }

            changes.Add(
                new ItemChange(
                    i,
                    item.ItemCode ?? "",
                    item.UnitPriceFen ?? 0,
                    item.DiscountPercent ?? 0,
                    item.EffectiveFrom ?? today
                )
            );
        }

        if (request.Reason is { Length: > 500 })
        {
            errors.Add("reason", "too_long", "At most 500 characters.");
        }

        errors.ThrowIfAny();
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "items_changed" : request.Reason.Trim();
        var items = await store.ReplaceAsync(
            id,
            p => ProviderAccess.RequireManager(caller, p),
            changes,
            new Actor(ActorKinds.User, caller.Subject),
            reason,
            ct
        );
        return TypedResults.Ok(new ProviderItemsView(id, items));
    }
}
