using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Settlement.BackOffice.Statements;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.BackOffice.Recoveries;

/// <summary>
/// Recoveries (追回, DOMAIN.md §8): the county bureau (or the province) proposes taking back the subsidy paid
/// on named purchases or on an anomaly's purchases, with a reason; another user approves, which books it.
/// The provider and the county's auditors read them.
/// </summary>
public static class RecoveriesApi
{
    public sealed record ProposeRecoveryRequest(IReadOnlyList<Guid>? PurchaseIds, Guid? AnomalyId, string? Reason);

    public static WebApplication MapRecoveriesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/recoveries").RequirePeople().WithTags("Supervision").WithRequestLimits();
        group
            .MapPost("/", Propose)
            .WithSummary("Propose recovering the subsidy paid on purchases")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group
            .MapPost("/{recoveryId:guid}/approve", Approve)
            .WithSummary("Approve and book a recovery (another user)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapGet("/{recoveryId:guid}", Get)
            .WithSummary("Read a recovery")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Created<RecoveryView>> Propose(
        ProposeRecoveryRequest request,
        HttpContext context,
        RecoveryStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province);
        var errors = new ValidationErrors();
        var ids = request.PurchaseIds ?? [];
        if (ids.Count == 0 && request.AnomalyId is null)
        {
            errors.Add(
                "purchaseIds",
                "required",
                "Name the purchases (purchaseIds) or the anomaly (anomalyId) to recover."
            );
        }
        else if (ids.Count > RecoveryStore.MaxPurchases)
        {
            errors.Add("purchaseIds", "too_many", $"A recovery names at most {RecoveryStore.MaxPurchases} purchases.");
        }
        else if (ids.Any(id => id == Guid.Empty))
        {
            errors.Add("purchaseIds", "invalid_id", "Every purchase id is a non-empty UUID.");
        }

        if (request.AnomalyId == Guid.Empty)
        {
            errors.Add("anomalyId", "invalid_id", "anomalyId is a non-empty UUID.");
        }

        // Kept in the audit trail and on the provider's statement: what was misused (截留、挤占、挪用、骗取、套取).
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            errors.Add("reason", "required", "reason (1 to 500 characters) says why the money is recovered.");
        }

        errors.ThrowIfAny();
        var view = await store.ProposeAsync(caller, ids, request.AnomalyId, request.Reason!.Trim(), ct);
        return TypedResults.Created($"/api/recoveries/{view.RecoveryId}", view);
    }

    public static async Task<Ok<RecoveryView>> Approve(
        Guid recoveryId,
        HttpContext context,
        RecoveryStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province);
        return TypedResults.Ok(await store.ApproveAsync(caller, recoveryId, ct));
    }

    public static async Task<Ok<RecoveryView>> Get(
        Guid recoveryId,
        HttpContext context,
        RecoveryStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller();
        var view = await store.GetAsync(recoveryId, ct);
        if (view is null)
        {
            caller.RequireRole(Roles.Provider, Roles.Bureau, Roles.Auditor, Roles.Province);
            throw new NotFoundException("Recovery");
        }

        BackOfficeAccess.RequireProvider(caller, view.ProviderId, view.County);
        return TypedResults.Ok(view);
    }
}
