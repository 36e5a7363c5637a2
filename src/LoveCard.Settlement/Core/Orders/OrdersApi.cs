using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Core.Orders;

/// <summary>
/// Online (elder app, 线上点单) and phone (call-centre operator, 电话下单) orders for an item at a
/// provider, fulfilled later at that provider's terminal (DOMAIN.md §5).
/// </summary>
public static class OrdersApi
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    public static WebApplication MapOrdersApi(this WebApplication app)
    {
        var group = app.MapPeopleGroup("/api/orders", "Orders", 400, 404, 409, 422);
        group.MapPost("", Place).WithSummary("Place an order for a service");
        group.MapGet("/{orderId:guid}", Get).WithSummary("Read an order");
        group.MapPost("/{orderId:guid}/cancel", Cancel).WithSummary("Cancel an order");
        return app;
    }

    /// <summary>An elder orders for self, an agent for the elders it acts for, an operator for its county's
    /// elders.</summary>
    public static async Task<Created<OrderView>> Place(
        PlaceOrderRequest request,
        HttpContext context,
        OrderStore orders,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Elder, Roles.Agent, Roles.Operator);
        var elderId = request.ElderId
            ?? (caller.Role == Roles.Elder ? caller.ElderId : null)
            ?? throw new BadInputException("elderId", "required", "elderId is required.");
        var errors = new ValidationErrors();
        if (request.ProviderId is null)
        {
            errors.Add("providerId", "required", "providerId is required.");
        }

        if (string.IsNullOrWhiteSpace(request.Item))
        {
            errors.Add("item", "required", "item is required.");
        }

        if (request.Quantity is not (>= 1 and <= 99))
        {
            errors.Add("quantity", "quantity_out_of_range", "quantity must be between 1 and 99.");
        }

        if (request.Note is { Length: > 500 })
        {
            errors.Add("note", "too_long", "note is at most 500 characters.");
        }

        errors.ThrowIfAny();
        var now = time.GetUtcNow();
        var (elder, provider) = await orders.LoadAsync(
            elderId,
            request.ProviderId!.Value,
            request.Item!,
            Shanghai.Today(now),
            ct
        );
        // Someone else's elder is not visible: 404, so elder ids cannot be probed.
        caller.RequireVisible(
            elder is not null
                && (
                    caller.ActsForElder(elderId) || (caller.Role == Roles.Operator && caller.County == elder.HomeCounty)
                ),
            "Elder"
        );
        if (!elder!.Eligible)
        {
            throw new RuleViolationException("not_eligible", "The elder has no usable card category.", "elderId");
        }

        if (provider is null || provider.Status != ProviderStatuses.Whitelisted)
        {
            throw new RuleViolationException(
                "provider_not_whitelisted",
                "The provider is not whitelisted.",
                "providerId"
            );
        }

        if (!provider.SellsItem)
        {
            throw new RuleViolationException("item_not_allowed", "The provider does not sell this item.", "item");
        }

        var order = new OrderRow
        {
            OrderId = Guid.CreateVersion7(now),
            ElderId = elderId,
            HomeCounty = elder.HomeCounty,
            ProviderId = request.ProviderId.Value,
            Item = request.Item!,
            Quantity = request.Quantity!.Value,
            Note = request.Note,
            Channel = caller.Role == Roles.Operator ? "phone" : "online",
            Status = OrderStatuses.Pending,
            PlacedBy = caller.Subject,
            PlacedAt = now.UtcDateTime,
            ExpiresAt = (now + Lifetime).UtcDateTime,
        };
        var view = await orders.InsertAsync(order, ct);
        return TypedResults.Created($"/api/orders/{view.OrderId}", view);
    }

    public static async Task<Ok<OrderView>> Get(
        Guid orderId,
        HttpContext context,
        OrderStore orders,
        CancellationToken ct
    )
    {
        var caller = context.Caller();
        var order = await orders.GetAsync(orderId, ct);
        caller.RequireVisible(order is not null && CanSee(caller, order), "Order");
        return TypedResults.Ok(OrderStore.ToView(order!));
    }

    public static async Task<Ok<OrderView>> Cancel(
        Guid orderId,
        HttpContext context,
        OrderStore orders,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = context
            .Caller()
            .RequireRole(Roles.Elder, Roles.Agent, Roles.Operator, Roles.Bureau, Roles.Province);
        var order = await orders.GetAsync(orderId, ct);
        caller.RequireVisible(order is not null && CanSee(caller, order), "Order");
        var cancelled = await orders.CancelAsync(orderId, time.GetUtcNow(), ct)
            ?? throw new ConflictException(
                "order_not_pending",
                $"The order is {order!.Status}; only a pending order can be cancelled."
            );
        return TypedResults.Ok(OrderStore.ToView(cancelled));
    }

    private static bool CanSee(Caller caller, OrderRow order) =>
        caller.ActsForElder(order.ElderId)
        || caller.CoversCounty(order.HomeCounty)
        || (caller.Role == Roles.Provider && caller.ProviderId == order.ProviderId);
}
