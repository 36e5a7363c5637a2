using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Core.SelfService;

/// <summary>
/// Settlement's part of the elder and family app (issue 17): this month's subsidy, purchases with
/// their split and receipt, and orders, for an elder's own token or an agent's elders (ADR 0010).
/// Another elder's order or elder id answers 404, as everywhere (ids cannot be probed).
/// </summary>
public static class SelfServiceApi
{
    public static readonly SortKeys PurchaseSorts = new(
        "-bookedAt",
        "purchase_id DESC",
        ("bookedAt", "booked_at"),
        ("priceFen", "price_fen"),
        ("item", "item"),
        ("status", "status")
    );

    public static readonly SortKeys OrderSorts = new(
        "-placedAt",
        "order_id DESC",
        ("placedAt", "placed_at"),
        ("status", "status"),
        ("expiresAt", "expires_at")
    );

    public static WebApplication MapSelfServiceApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/me")
            .RequirePeople()
            .WithTags("Self-service")
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/subsidy", Subsidy)
            .WithName("GetMySubsidy")
            .WithSummary("This month's caps, used and left, per source");
        group
            .MapGet("/purchases", Purchases)
            .WithName("ListMyPurchases")
            .WithSummary("List my purchases with their split and receipt");
        group.MapGet("/orders", Orders).WithName("ListMyOrders").WithSummary("List my orders");
        group.MapGet("/orders/{orderId:guid}", Order).WithName("GetMyOrder").WithSummary("Read one of my orders");
        group
            .MapPost("/orders/{orderId:guid}/cancel", Cancel)
            .WithName("CancelMyOrder")
            .WithSummary("Cancel one of my pending orders")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<Paged<MySubsidy>>> Subsidy(
        Guid? elderId,
        HttpContext context,
        SelfServiceStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var elders = context.Caller().OwnElders(elderId);
        var items = await store.SubsidyAsync(elders, time.GetUtcNow(), ct);
        return TypedResults.Ok(new Paged<MySubsidy>(items, items.Count, 1, Math.Max(1, items.Count)));
    }

    public static async Task<Ok<Paged<MyPurchase>>> Purchases(
        Guid? elderId,
        string? status,
        string? period,
        int? page,
        int? pageSize,
        string? sort,
        HttpContext context,
        SelfServiceStore store,
        CancellationToken ct
    )
    {
        var elders = context.Caller().OwnElders(elderId);
        var errors = new ValidationErrors();
        if (status is not (null or "approved" or "declined" or "voided"))
        {
            errors.Add("status", "invalid_status", "status is approved, declined or voided.");
        }

        DateOnly? month = null;
        if (period is not null)
        {
            if (DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", out var first))
            {
                month = first;
            }
            else
            {
                errors.Add("period", "invalid_period", "period is a month yyyy-MM.");
            }
        }

        var paging = PageRequest.Of(page, pageSize, sort, null, PurchaseSorts, PageLimits.Settlement, errors);
        errors.ThrowIfAny();
        return TypedResults.Ok(await store.PurchasesAsync(elders, status, month, paging, ct));
    }

    public static async Task<Ok<Paged<OrderView>>> Orders(
        Guid? elderId,
        string? status,
        int? page,
        int? pageSize,
        string? sort,
        HttpContext context,
        SelfServiceStore store,
        CancellationToken ct
    )
    {
        var elders = context.Caller().OwnElders(elderId);
        var errors = new ValidationErrors();
        if (
            status
            is not (
                null
                or OrderStatuses.Pending
                or OrderStatuses.Fulfilled
                or OrderStatuses.Cancelled
                or OrderStatuses.Expired
            )
        )
        {
            errors.Add("status", "invalid_status", "status is pending, fulfilled, cancelled or expired.");
        }

        var paging = PageRequest.Of(page, pageSize, sort, null, OrderSorts, PageLimits.Settlement, errors);
        errors.ThrowIfAny();
        return TypedResults.Ok(await store.OrdersAsync(elders, status, paging, ct));
    }

    public static async Task<Ok<OrderView>> Order(
        Guid orderId,
        HttpContext context,
        OrderStore orders,
        CancellationToken ct
    )
    {
        var elders = context.Caller().OwnElders();
        var order = await orders.GetAsync(orderId, ct);
        context.Caller().RequireVisible(order is not null && elders.Contains(order.ElderId), "Order");
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
        var elders = context.Caller().OwnElders();
        var order = await orders.GetAsync(orderId, ct);
        context.Caller().RequireVisible(order is not null && elders.Contains(order.ElderId), "Order");
        var cancelled = await orders.CancelAsync(orderId, time.GetUtcNow(), ct)
            ?? throw new ConflictException(
                "order_not_pending",
                $"The order is {order!.Status}; only a pending order can be cancelled."
            );
        return TypedResults.Ok(OrderStore.ToView(cancelled));
    }
}
