using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Settlement.Core.Funds;

/// <summary>
/// Fund accounts per county and source (DOMAIN.md §3): top-ups proposed by one bureau or province
/// user and approved by another, balances, and the history of postings. A bureau acts on its own
/// county only; the province on all.
/// </summary>
public static class FundsApi
{
    public static WebApplication MapFundsApi(this WebApplication app)
    {
        var group = app.MapPeopleGroup("/api/funds/{county}", "Funds", 400, 404, 409, 422);
        group.MapPost("/{source}/top-ups", ProposeTopUp).WithSummary("Propose a top-up of a fund");
        group.MapPost("/top-ups/{topUpId:guid}/approve", ApproveTopUp).WithSummary("Approve a proposed top-up");
        group.MapGet("", Balances).WithSummary("Read a county's fund balances");
        group.MapGet("/postings", Postings).WithSummary("List a county's fund postings");
        return app;
    }

    public static async Task<Results<Created<TopUpView>, Ok<TopUpView>>> ProposeTopUp(
        string county,
        string source,
        TopUpRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext context,
        FundStore funds,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        if (!FundSources.Subsidised.Contains(source))
        {
            throw new BadInputException("source", "unknown_source", "source must be fiscal, collective or charity.");
        }

        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > 64)
        {
            throw new BadInputException(
                "Idempotency-Key",
                "idempotency_key_missing",
                "The Idempotency-Key header (1 to 64 characters) is required."
            );
        }

        if (request.AmountFen is not > 0)
        {
            throw new BadInputException("amountFen", "out_of_range", "amountFen must be more than 0.");
        }

        var village = string.IsNullOrWhiteSpace(request.Village) ? null : request.Village.Trim();
        if (source == FundSources.Collective && village is null)
        {
            throw new BadInputException(
                "village",
                "required",
                "A collective fund belongs to a village: village is required."
            );
        }

        if (source != FundSources.Collective && village is not null)
        {
            throw new BadInputException("village", "not_allowed", "Only a collective fund has a village.");
        }

        if (request.Note is { Length: > 500 })
        {
            throw new BadInputException("note", "too_long", "note is at most 500 characters.");
        }

        var (topUp, created) = await funds.ProposeAsync(
            county,
            source,
            village,
            request.AmountFen.Value,
            request.Note,
            caller.Subject,
            idempotencyKey,
            ct
        );
        return created
            ? TypedResults.Created($"/api/funds/{county}/top-ups/{topUp.TopUpId}", topUp)
            : TypedResults.Ok(topUp);
    }

    /// <summary>Maker-checker: the approver must be another user than the proposer.</summary>
    public static async Task<Ok<TopUpView>> ApproveTopUp(
        string county,
        Guid topUpId,
        HttpContext context,
        FundStore funds,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        return TypedResults.Ok(await funds.ApproveAsync(county, topUpId, caller.Subject, ct));
    }

    public static async Task<Ok<FundBalances>> Balances(
        string county,
        HttpContext context,
        FundStore funds,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Auditor).RequireCounty(county);
        return TypedResults.Ok(await funds.BalancesAsync(county, ct));
    }

    public static async Task<Ok<Paged<PostingView>>> Postings(
        string county,
        int? page,
        int? pageSize,
        HttpContext context,
        FundStore funds,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Auditor).RequireCounty(county);
        return TypedResults.Ok(
            await funds.PostingsAsync(county, PageRequest.Of(page, pageSize, PageLimits.Settlement), ct)
        );
    }
}
