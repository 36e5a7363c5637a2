using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Funds;
using LoveCard.Settlement.Core.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// The provincial charity fund (爱心卡慈善基金, ADR 0038), for the province role only: its balance, donations
/// into it (top-ups from donors, maker-checker), and allocations over the county charity funds by the rule
/// that favours mountain and island counties: preview, propose, approve or reject (four eyes), list.
/// </summary>
public static class CharityFundApi
{
    public const int MaxCounties = 200;

    public static WebApplication MapCharityFundApi(this WebApplication app)
    {
        var group = app.MapPeopleGroup("/api/province/charity-fund", "Charity fund", 400, 404, 409, 422);
        group.MapGet("", Balance).WithSummary("Read the provincial charity fund's balance");
        group.MapPost("/donations", ProposeDonation).WithSummary("Propose a donation into the provincial fund");
        group.MapPost("/donations/{topUpId:guid}/approve", ApproveDonation).WithSummary("Approve a proposed donation");
        group.MapGet("/allocations", List).WithSummary("List allocations of the provincial charity fund");
        group.MapPost("/allocations", Propose).WithSummary("Propose an allocation to county charity funds");
        group.MapGet("/allocations/preview", PreviewGet).WithSummary("Preview what each county would receive");
        group.MapPost("/allocations/preview", PreviewPost).WithSummary("Preview an allocation over named counties");
        group.MapGet("/allocations/{allocationId:guid}", Get).WithSummary("Read an allocation");
        group
            .MapPost("/allocations/{allocationId:guid}/approve", Approve)
            .WithSummary("Approve and post a proposed allocation");
        group.MapPost("/allocations/{allocationId:guid}/reject", Reject).WithSummary("Reject a proposed allocation");
        return app;
    }

    public static async Task<Ok<CharityFundBalance>> Balance(
        HttpContext context,
        CharityAllocationQueries queries,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Province);
        return TypedResults.Ok(await queries.BalanceAsync(ct));
    }

    public static async Task<Results<Created<TopUpView>, Ok<TopUpView>>> ProposeDonation(
        DonationRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext context,
        FundStore funds,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Province);
        var errors = new ValidationErrors();
        RequireKey(errors, idempotencyKey);
        if (request.AmountFen is not > 0)
        {
            errors.Add("amountFen", "out_of_range", "amountFen must be more than 0.");
        }

        errors.ThrowIfAny();
        var (topUp, created) = await funds.ProposeAsync(
            Accounts.Province,
            FundSources.Charity,
            null,
            request.AmountFen!.Value,
            request.Note,
            caller.Subject,
            idempotencyKey!,
            ct
        );
        return created
            ? TypedResults.Created($"/api/province/charity-fund/donations/{topUp.TopUpId}", topUp)
            : TypedResults.Ok(topUp);
    }

    /// <summary>Maker-checker, as every top-up: the approver must be another province user.</summary>
    public static async Task<Ok<TopUpView>> ApproveDonation(
        Guid topUpId,
        HttpContext context,
        FundStore funds,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Province);
        return TypedResults.Ok(await funds.ApproveAsync(Accounts.Province, topUpId, caller.Subject, ct));
    }

    public static async Task<Ok<Paged<CharityAllocationView>>> List(
        string? status,
        int? page,
        int? pageSize,
        string? sort,
        HttpContext context,
        CharityAllocationQueries queries,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Province);
        var errors = new ValidationErrors();
        if (status is not (null or "proposed" or "approved" or "rejected"))
        {
            errors.Add("status", "invalid_status", "status is proposed, approved or rejected.");
        }

        var paging = PageRequest.Of(
            page,
            pageSize,
            sort,
            null,
            CharityAllocationQueries.Sorts,
            PageLimits.Settlement,
            errors
        );
        errors.ThrowIfAny();
        return TypedResults.Ok(await queries.ListAsync(status, paging, ct));
    }

    public static async Task<Results<Created<CharityAllocationView>, Ok<CharityAllocationView>>> Propose(
        CharityAllocationRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext context,
        CharityFundStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Province);
        var errors = new ValidationErrors();
        RequireKey(errors, idempotencyKey);
        var counties = Check(errors, request.AmountFen, request.Counties);
        errors.ThrowIfAny();
        var (allocation, created) = await store.ProposeAsync(
            request.AmountFen!.Value,
            counties,
            string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            caller.Subject,
            idempotencyKey!,
            ct
        );
        return created
            ? TypedResults.Created($"/api/province/charity-fund/allocations/{allocation.AllocationId}", allocation)
            : TypedResults.Ok(allocation);
    }

    /// <summary>The preview over every county with eligible elders, or <c>counties</c> (comma-separated
    /// codes).</summary>
    public static async Task<Ok<CharityPreview>> PreviewGet(
        long? amountFen,
        string? counties,
        HttpContext context,
        CharityAllocationQueries queries,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Province);
        var errors = new ValidationErrors();
        var named = Check(
            errors,
            amountFen,
            counties?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        );
        errors.ThrowIfAny();
        return TypedResults.Ok(await queries.PreviewAsync(amountFen!.Value, named, ct));
    }

    public static async Task<Ok<CharityPreview>> PreviewPost(
        CharityAllocationRequest request,
        HttpContext context,
        CharityAllocationQueries queries,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Province);
        var errors = new ValidationErrors();
        var named = Check(errors, request.AmountFen, request.Counties);
        errors.ThrowIfAny();
        return TypedResults.Ok(await queries.PreviewAsync(request.AmountFen!.Value, named, ct));
    }

    public static async Task<Ok<CharityAllocationView>> Get(
        Guid allocationId,
        HttpContext context,
        CharityAllocationQueries queries,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Province);
        return TypedResults.Ok(await queries.GetAsync(allocationId, ct));
    }

    /// <summary>Four eyes: the approver must be another province user than the proposer (403
    /// <c>maker_checker</c>).</summary>
    public static async Task<Ok<CharityAllocationView>> Approve(
        Guid allocationId,
        HttpContext context,
        CharityFundStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Province);
        return TypedResults.Ok(await store.ApproveAsync(allocationId, caller.Subject, ct));
    }

    public static async Task<Ok<CharityAllocationView>> Reject(
        Guid allocationId,
        CharityDecisionRequest? request,
        HttpContext context,
        CharityFundStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Province);
        var note = string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim();
        return TypedResults.Ok(await store.RejectAsync(allocationId, caller.Subject, note, ct));
    }

    private static void RequireKey(ValidationErrors errors, string? idempotencyKey)
    {
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > 64)
        {
            errors.Add(
                "Idempotency-Key",
                "idempotency_key_missing",
                "The Idempotency-Key header (1 to 64 characters) is required."
            );
        }
    }

    /// <summary>The amount and the named counties (null: every county), each fault named by its field.</summary>
    private static string[]? Check(ValidationErrors errors, long? amountFen, IReadOnlyList<string>? counties)
    {
        if (amountFen is null)
        {
            errors.Add("amountFen", "required", "amountFen is required.");
        }
        else if (amountFen is < 1 or > 100_000_000_000)
        {
            errors.Add("amountFen", "out_of_range", "amountFen is from 1 to 100000000000 fen.");
        }

        if (counties is null)
        {
            return null;
        }

        if (counties.Count is 0 or > MaxCounties)
        {
            errors.Add("counties", "out_of_range", $"counties names 1 to {MaxCounties} counties, or is left out.");
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < counties.Count; i++)
        {
            var county = counties[i];
            if (county is null || county.Length != 6 || !county.All(char.IsAsciiDigit))
            {
                errors.Add($"counties[{i}]", "invalid_county", "A county code is 6 digits, e.g. 330903.");
            }
            else if (!seen.Add(county))
            {
                errors.Add($"counties[{i}]", "duplicate_county", $"{county} is named twice.");
            }
        }

        return seen.ToArray();
    }
}
