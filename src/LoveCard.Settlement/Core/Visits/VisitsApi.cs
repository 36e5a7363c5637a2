using System.ComponentModel.DataAnnotations;
using LoveCard.Hosting.Errors;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Gateway;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Core.Visits;

/// <summary>
/// Home visits, the terminal protocol's version 1.1 (docs/terminal-protocol.md "Home visits", ADR 0026): check in
/// at the elder's home, check out, read a visit. Signed and idempotent exactly like purchases, on the same group.
/// </summary>
public static class VisitsApi
{
    public sealed record CheckInRequest(
        CredentialBody? Credential,
        [property: StringLength(40, ErrorMessage = "unknown_item")] string? Item,
        [property: StringLength(64, ErrorMessage = "required")] string? CareWorkerId,
        LocationBody? Location,
        DateTimeOffset? OccurredAt
    );

    public sealed record CheckOutRequest(LocationBody? Location, DateTimeOffset? OccurredAt);

    public static RouteGroupBuilder MapVisitsApi(this RouteGroupBuilder terminal)
    {
        static RouteHandlerBuilder Signed(RouteHandlerBuilder endpoint) =>
            endpoint
                .WithTags("Terminal")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
        Signed(terminal.MapPost("/visits", CheckIn).WithSummary("Check in at an elder's home").WithIdempotency())
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        Signed(
                terminal
                    .MapPost("/visits/{visitId:guid}/check-out", CheckOut)
                    .WithSummary("Check out of a home visit")
                    .WithIdempotency()
            )
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        Signed(terminal.MapGet("/visits/{visitId:guid}", GetVisit).WithSummary("Read a home visit"))
            .ProducesProblem(StatusCodes.Status404NotFound);
        return terminal;
    }

    /// <summary>Opens a visit, or records it refused (200 both, like a purchase's approval and decline).</summary>
    public static async Task<Ok<VisitView>> CheckIn(
        CheckInRequest request,
        HttpContext context,
        Visiting visiting,
        CancellationToken ct
    )
    {
        var tx = context.TerminalTransaction();
        var view = await visiting.CheckInAsync(
            tx.Connection,
            tx.Transaction,
            context.Terminal(),
            request,
            tx.IdempotencyKey,
            ct
        );
        tx.ResourceId = view.VisitId.ToString();
        return TypedResults.Ok(view);
    }

    /// <summary>
    /// Closes an open visit with its verdict; another provider's visit answers 404, a closed one 409.
    /// </summary>
    public static async Task<Ok<VisitView>> CheckOut(
        Guid visitId,
        CheckOutRequest request,
        HttpContext context,
        Visiting visiting,
        CancellationToken ct
    )
    {
        var tx = context.TerminalTransaction();
        var view = await visiting.CheckOutAsync(
            tx.Connection,
            tx.Transaction,
            context.Terminal(),
            visitId,
            request,
            ct
        );
        tx.ResourceId = visitId.ToString();
        return TypedResults.Ok(view);
    }

    public static async Task<Ok<VisitView>> GetVisit(
        Guid visitId,
        HttpContext context,
        Visiting visiting,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            await visiting.GetAsync(context.Terminal().ProviderId, visitId, ct) ?? throw new NotFoundException("Visit")
        );
}
