using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Credit;

/// <summary>Credit evaluation (信用评价, DOMAIN.md §4): <c>/api/providers/{id}/credit…</c>.</summary>
public static class CreditApi
{
    public static IEndpointRouteBuilder MapCreditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/providers/{id:guid}")
            .RequirePeople()
            .WithTags("Credit")
            .WithRequestLimits()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404);
        group.MapPost("/credit-events", BookAsync).WithSummary("Book a credit event for a provider");
        group.MapGet("/credit", GetAsync).WithSummary("Read a provider's credit score and events");
        return app;
    }

    /// <summary>A bureau books a complaint, failed inspection, settlement anomaly or commendation by hand.</summary>
    public static async Task<Created<CreditEventAnswer>> BookAsync(
        Guid id,
        CreditEventRequest request,
        HttpContext http,
        CreditStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var errors = new ValidationErrors();
        if (request.Type is null || !CreditEventTypes.All.Contains(request.Type))
        {
            errors.Add("type", "invalid_credit_event_type", $"One of: {string.Join(", ", CreditEventTypes.All)}.");
        }

        if (request.Points is not (>= 1 and <= 100))
        {
            errors.Add(
                "points",
                "invalid_points",
                "Points are a whole number from 1 to 100; the type says whether they add or deduct."
            );
        }

        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Length > 1000)
        {
            errors.Add("note", "note_required", "A note (at most 1000 characters) says what happened.");
        }

        errors.ThrowIfAny();
        var outcome = await store.BookByHandAsync(
            id,
            p => ProviderAccess.RequireBureau(caller, p),
            request.Type!,
            CreditEventTypes.SignedPoints(request.Type!, request.Points!.Value),
            request.Note!.Trim(),
            new Actor(ActorKinds.User, caller.Subject),
            ct
        );
        var p = outcome.Provider;
        return TypedResults.Created(
            $"/api/providers/{id}/credit",
            new CreditEventAnswer(
                outcome.Event,
                p.CreditScore,
                CreditBands.Of(p.CreditScore),
                p.Status,
                outcome.Suspended
            )
        );
    }

    public static async Task<Ok<CreditView>> GetAsync(
        Guid id,
        HttpContext http,
        ProviderStore providers,
        CreditStore store,
        int? page,
        int? pageSize,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var errors = new ValidationErrors();
        var paging = PageRequest.Of(page, pageSize, PageLimits.Whitelist, errors);
        errors.ThrowIfAny();
        var provider = await providers.FindAsync(id, ct);
        ProviderAccess.RequireVisible(caller, provider);
        var (rows, total) = await store.EventsAsync(id, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(
            new CreditView(
                id,
                provider!.CreditScore,
                CreditBands.Of(provider.CreditScore),
                await store.SuspendBelowAsync(provider.County, ct),
                provider.Status,
                Paged<CreditEventRow>.Of(paging, total, rows)
            )
        );
    }
}
