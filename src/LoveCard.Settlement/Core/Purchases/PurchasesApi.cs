using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Observability;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Gateway;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>The terminal protocol's business endpoints (TERMINAL-PROTOCOL.md "Endpoints") on the gateway's signed
/// group.</summary>
public static class PurchasesApi
{
    public static RouteGroupBuilder MapPurchasesApi(this RouteGroupBuilder terminal)
    {
        terminal.MapGet("/qr-keys", QrKeys).WithSummary("Read the QR verification keys").AllowUnsignedTerminal();
        // Every signed endpoint can answer the gateway's 401 and 429, and bad input 400 (problem details).
        static RouteHandlerBuilder Signed(RouteHandlerBuilder endpoint) =>
            endpoint
                .WithTags("Terminal")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
        Signed(terminal.MapGet("/catalog", Catalog).WithSummary("Read this provider's items and prices"));
        Signed(terminal.MapPost("/inquiries", Inquire).WithSummary("Ask what a purchase would cost the elder"))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        Signed(
                terminal
                    .MapPost("/purchases", Purchase)
                    .WithSummary("Make a purchase with a card, face or QR code")
                    .WithIdempotency()
                    .WithMetadata(QuietRequestLog.Instance)
            )
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        Signed(terminal.MapGet("/purchases/{purchaseId:guid}", GetPurchase).WithSummary("Read a purchase"))
            .ProducesProblem(StatusCodes.Status404NotFound);
        Signed(terminal.MapGet("/purchases", FindPurchaseByKey).WithSummary("Find a purchase by its idempotency key"))
            .ProducesProblem(StatusCodes.Status404NotFound);
        Signed(
                terminal
                    .MapPost("/purchases/{purchaseId:guid}/void", Void)
                    .WithSummary("Void a purchase the same day")
                    .WithIdempotency()
            )
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        Signed(
                terminal
                    .MapPost("/purchases/{purchaseId:guid}/refunds", Refund)
                    .WithSummary("Refund part or all of a purchase")
                    .WithIdempotency()
            )
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        Signed(terminal.MapGet("/orders", PendingOrders).WithSummary("List the orders waiting at this provider"));
        Signed(terminal.MapGet("/totals", Totals).WithSummary("Read this terminal's totals for a day"));
        return terminal;
    }

    public sealed record QrKeyView(
        string Kid,
        string PublicKeySpki,
        DateTimeOffset NotBefore,
        DateTimeOffset? NotAfter
    );

    public sealed record QrKeysAnswer(IReadOnlyList<QrKeyView> Keys);

    /// <summary>Unsigned: the QR public keys, so a terminal can check codes offline.</summary>
    public static async Task<Ok<QrKeysAnswer>> QrKeys(QrKeyCache keys, CancellationToken ct) =>
        TypedResults.Ok(
            new QrKeysAnswer(
                (await keys.ListAsync(ct))
                    .Select(k => new QrKeyView(k.Kid, Convert.ToBase64String(k.Spki), k.NotBefore, k.NotAfter))
                    .ToArray()
            )
        );

    public static async Task<Ok<CatalogAnswer>> Catalog(
        HttpContext context,
        PurchaseQueries queries,
        TimeProvider time,
        CancellationToken ct
    ) => TypedResults.Ok(await queries.CatalogAsync(context.Terminal().ProviderId, Shanghai.Today(time), ct));

    public static async Task<Ok<InquiryAnswer>> Inquire(
        InquiryRequest request,
        HttpContext context,
        Purchasing purchasing,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return TypedResults.Ok(await purchasing.InquireAsync(connection, context.Terminal(), request, ct));
    }

    /// <summary>Authorises and records a purchase in the gateway's transaction; approved and declined both answer
    /// 200, with the bytes written into the idempotency row (serialised once).</summary>
    public static async Task<Utf8JsonOk<PurchaseAnswer>> Purchase(
        PurchaseRequest request,
        HttpContext context,
        Purchasing purchasing,
        SettlementMetrics metrics,
        IOptions<JsonOptions> json,
        CancellationToken ct
    )
    {
        var tx = context.TerminalTransaction();
        var writer = new PurchaseAnswerWriter(tx, json.Value.SerializerOptions);
        var answer = await purchasing.PurchaseAsync(
            tx.Connection,
            tx.Transaction,
            context.Terminal(),
            request,
            tx.IdempotencyKey,
            writer,
            ct
        );
        tx.ResourceId = answer.PurchaseId.ToString();
        // Counted once the answer has gone out, so only after the gateway committed it.
        context.Response.OnCompleted(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                metrics.PurchaseAnswered(answer.Status, answer.DeclineCode);
            }

            return Task.CompletedTask;
        });
        return new Utf8JsonOk<PurchaseAnswer>(answer, writer.Bytes(answer));
    }

    /// <summary>Another provider's purchase answers 404, like an unknown one.</summary>
    public static async Task<Ok<PurchaseView>> GetPurchase(
        Guid purchaseId,
        HttpContext context,
        PurchaseQueries queries,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            await queries.GetAsync(null, null, context.Terminal().ProviderId, purchaseId, ct)
                ?? throw new NotFoundException("Purchase")
        );

    public static async Task<Ok<PurchaseView>> FindPurchaseByKey(
        string? idempotencyKey,
        HttpContext context,
        PurchaseQueries queries,
        CancellationToken ct
    )
    {
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > 64)
        {
            throw new BadInputException(
                "idempotencyKey",
                "required",
                "idempotencyKey (1 to 64 characters) is required."
            );
        }

        var terminal = context.Terminal();
        return TypedResults.Ok(
            await queries.FindByKeyAsync(terminal.TerminalId, terminal.ProviderId, idempotencyKey, ct)
                ?? throw new NotFoundException("Purchase")
        );
    }

    public static async Task<Ok<PurchaseView>> Void(
        Guid purchaseId,
        VoidRequest? request,
        HttpContext context,
        Reversals reversals,
        CancellationToken ct
    )
    {
        if (request?.Reason is { Length: > 500 })
        {
            throw new BadInputException("reason", "too_long", "reason is at most 500 characters.");
        }

        var tx = context.TerminalTransaction();
        var view = await reversals.VoidAsync(
            tx.Connection,
            tx.Transaction,
            context.Terminal(),
            purchaseId,
            request?.Reason,
            ct
        );
        tx.ResourceId = purchaseId.ToString();
        return TypedResults.Ok(view);
    }

    public static async Task<Ok<RefundAnswer>> Refund(
        Guid purchaseId,
        RefundRequest request,
        HttpContext context,
        Reversals reversals,
        CancellationToken ct
    )
    {
        var tx = context.TerminalTransaction();
        var answer = await reversals.RefundAsync(
            tx.Connection,
            tx.Transaction,
            context.Terminal(),
            purchaseId,
            request,
            ct
        );
        tx.ResourceId = answer.RefundId.ToString();
        return TypedResults.Ok(answer);
    }

    public static async Task<Ok<Paged<OrderView>>> PendingOrders(
        string? status,
        int? page,
        int? pageSize,
        HttpContext context,
        OrderStore orders,
        CancellationToken ct
    )
    {
        if (status is not (null or "pending"))
        {
            throw new BadInputException(
                "status",
                "unsupported",
                "Terminals list pending orders only (status=pending)."
            );
        }

        return TypedResults.Ok(
            await orders.ListPendingForProviderAsync(
                context.Terminal().ProviderId,
                PageRequest.Of(page, pageSize, PageLimits.Settlement),
                ct
            )
        );
    }

    public static async Task<Ok<TotalsAnswer>> Totals(
        string? date,
        HttpContext context,
        PurchaseQueries queries,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var day = Shanghai.Today(time);
        if (date is not null && !CalendarInput.TryParseDay(date, out day))
        {
            throw new BadInputException(
                "date",
                "invalid_date",
                $"date must be a day yyyy-MM-dd in the years {CalendarInput.Range}."
            );
        }

        return TypedResults.Ok(await queries.TotalsAsync(context.Terminal().TerminalId, day, ct));
    }
}
