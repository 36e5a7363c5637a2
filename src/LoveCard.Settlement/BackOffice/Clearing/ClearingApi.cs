using System.ComponentModel.DataAnnotations;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Exports;
using LoveCard.Hosting.OpenApi;
using LoveCard.Settlement.BackOffice.Exports;
using LoveCard.Settlement.BackOffice.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>Closing a county's month, its payout instructions (JSON, CSV) and their status (DOMAIN.md §5).</summary>
public static class ClearingApi
{
    public static WebApplication MapClearingApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/clearing").RequirePeople().WithTags("Clearing").WithRequestLimits();
        group.MapPost("/{period}/close", Close).WithSummary("Close a clearing period");
        group.MapGet("/{period}", Get).WithSummary("Read a clearing period");
        group.MapGet("/{period}/payouts", Payouts).WithSummary("List a period's payouts").ProducesSpreadsheet();
        group
            .MapPost("/{period}/payouts/{providerId:guid}/status", SetPayoutStatus)
            .WithSummary("Record a payout's bank status");
        return app;
    }

    private static string RequireCounty(string? county) =>
        string.IsNullOrWhiteSpace(county)
            ? throw new BadInputException("county", "required", "county is required.")
            : county;

    /// <summary>201 on the first close, 200 with the same stored result on any later one.</summary>
    public static async Task<Results<Created<ClearingResult>, Ok<ClearingResult>>> Close(
        string period,
        string? county,
        HttpContext context,
        ClearingStore store,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Month(period, "period");
        var c = RequireCounty(county);
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(c);
        var (result, created) = await store.CloseAsync(caller, c, window, ct);
        return created ? TypedResults.Created($"/api/clearing/{period}?county={c}", result) : TypedResults.Ok(result);
    }

    public static async Task<Ok<ClearingResult>> Get(
        string period,
        string? county,
        HttpContext context,
        ClearingStore store,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Month(period, "period");
        var c = RequireCounty(county);
        context.Caller().RequireRole(Roles.Bureau, Roles.Auditor, Roles.Province).RequireCounty(c);
        return TypedResults.Ok(
            await store.GetAsync(c, window.Label, ct) ?? throw new NotFoundException("Closed period")
        );
    }

    /// <summary>
    /// The payout instructions; <c>?format=csv</c> or <c>?format=xlsx</c> for the bank's file, with the
    /// providers' names and a totals row (Chinese headers and yuan, or <c>?headers=codes</c>; ADR 0032).
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<Payout>>, PushStreamHttpResult>> Payouts(
        string period,
        string? county,
        string? format,
        string? headers,
        HttpContext context,
        ClearingStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Month(period, "period");
        var c = RequireCounty(county);
        context.Caller().RequireRole(Roles.Bureau, Roles.Auditor, Roles.Province).RequireCounty(c);
        if (format is not (null or "json" or "csv" or "xlsx"))
        {
            throw new BadInputException("format", "invalid_format", "format is json, csv or xlsx.");
        }

        var columns = ExportTable.ParseHeaders(headers);
        var result = await store.GetAsync(c, window.Label, ct) ?? throw new NotFoundException("Closed period");
        if (format is null or "json")
        {
            return TypedResults.Ok(result.Payouts);
        }

        var names = await ExportNames.LoadAsync(dataSource, result.Payouts.Select(p => p.ProviderId), ct);
        var rows = result.Payouts.Select(p =>
            new object?[]
            {
                c,
                window.Label,
                p.ProviderId,
                names.Provider(p.ProviderId),
                p.FiscalFen,
                p.CollectiveFen,
                p.CharityFen,
                p.AmountFen,
                p.Status,
            }
        );
        return PayoutExport.Download(format, columns, rows, $"payouts-{c}-{window.Label}", window.Label);
    }

    private static readonly ExportTable PayoutExport = new(
        [
            new("county", "县区"),
            new("period", "月份"),
            new("providerId", "服务商编号"),
            new("providerName", "服务商名称"),
            new("fiscalFen", "财政补贴（元）", ExportCell.Yuan, Summed: true),
            new("collectiveFen", "集体补贴（元）", ExportCell.Yuan, Summed: true),
            new("charityFen", "慈善补贴（元）", ExportCell.Yuan, Summed: true),
            new("amountFen", "应付金额（元）", ExportCell.Yuan, Summed: true),
            new("status", "状态") { Words = ExportWords.PayoutStatuses },
        ],
        LabelColumn: "providerId"
    );

    public sealed record PayoutStatusRequest(
        [property: StringLength(32, ErrorMessage = "invalid_status")] string? Status,
        [property: StringLength(500)] string? Note
    );

    public static async Task<Ok<Payout>> SetPayoutStatus(
        string period,
        Guid providerId,
        string? county,
        PayoutStatusRequest request,
        HttpContext context,
        ClearingStore store,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Month(period, "period");
        var c = RequireCounty(county);
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(c);
        if (request.Status is not ("paid" or "failed"))
        {
            throw new BadInputException("status", "invalid_status", "status is paid or failed.");
        }

        if (request.Status == "paid")
        {
            // Paid only with the bank's reference and the day, which this request cannot carry (ADR 0056).
            throw new RuleViolationException(
                "bank_reference_required",
                $"A payout is recorded paid with the bank's reference and the day it was paid: PUT "
                    + $"/api/clearing/{period}/payouts/{providerId}/payment?county={c}.",
                "status"
            );
        }

        if (request.Note is { Length: > 500 })
        {
            throw new BadInputException("note", "too_long", "note is at most 500 characters.");
        }

        return TypedResults.Ok(
            await store.SetPayoutStatusAsync(caller, c, window.Label, providerId, request.Status, request.Note, ct)
        );
    }
}
