using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Exports;
using LoveCard.Hosting.OpenApi;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.Uploads;
using LoveCard.Settlement.BackOffice.Exports;
using LoveCard.Settlement.BackOffice.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Reconciliation;

/// <summary>A provider reconciles its own list against LoveCard's (DOMAIN.md §5); the result is kept and
/// downloadable.</summary>
public static class ReconciliationsApi
{
    /// <summary>A month of a busy canteen is a few MB of CSV; more than this is not a provider's list.</summary>
    private static readonly SpreadsheetUpload.Limits UploadLimits = new(32 * 1024 * 1024, ProviderListFile.MaxRows + 1);

    public static WebApplication MapReconciliationsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/reconciliations").RequirePeople().WithTags("Reconciliation");
        group
            .MapPost("/", Reconcile)
            .WithSummary("Reconcile a provider's own list (CSV or XLSX) against the ledger")
            .AcceptsSpreadsheet()
            .DisableAntiforgery();
        group.MapGet("/{reconciliationId:guid}", Get).WithSummary("Read a reconciliation").ProducesSpreadsheet();
        return app;
    }

    public sealed record ReconciliationAnswer(
        ReconciliationSummary Summary,
        int Page,
        int PageSize,
        long TotalLines,
        IReadOnlyList<ReconciliationLine> Lines
    );

    /// <summary>
    /// The body is the file itself (CSV in UTF-8 or GB18030, or XLSX) or a multipart form with one file,
    /// as the roster import accepts it (ADR 0032); headers in English or Chinese, amounts in fen or yuan.
    /// </summary>
    public static async Task<Created<ReconciliationAnswer>> Reconcile(
        Guid? providerId,
        string? period,
        HttpContext context,
        ReconciliationStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        if (providerId is null)
        {
            throw new BadInputException("providerId", "required", "providerId is required.");
        }

        var window = StatementPeriod.Month(period, "period");
        var caller = context.Caller().RequireRole(Roles.Provider, Roles.Bureau, Roles.Province);
        string county;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            county = await BackOfficeAccess.ProviderCountyAsync(connection, providerId.Value, ct);
        }

        BackOfficeAccess.RequireProvider(caller, providerId.Value, county);
        var sheet = await SpreadsheetUpload.ReadAsync(context.Request, UploadLimits, ct);
        var list = ProviderListFile.Parse(sheet);
        var summary = await store.ReconcileAsync(providerId.Value, county, window, list, caller.Subject, ct);
        var (total, lines) = await store.LinesAsync(summary.ReconciliationId, null, new PageRequest(1, 500), ct);
        return TypedResults.Created(
            $"/api/reconciliations/{summary.ReconciliationId}",
            new ReconciliationAnswer(summary, 1, 500, total, lines)
        );
    }

    /// <summary>
    /// JSON with the lines paged (optionally one <c>outcome</c>), or <c>?format=csv</c> / <c>?format=xlsx</c>
    /// with every line, the item's name and the elder's masked name beside them, and a totals row
    /// (Chinese headers and yuan, or <c>?headers=codes</c>; ADR 0032).
    /// </summary>
    public static async Task<Results<Ok<ReconciliationAnswer>, PushStreamHttpResult>> Get(
        Guid reconciliationId,
        string? format,
        string? outcome,
        string? headers,
        int? page,
        int? pageSize,
        HttpContext context,
        ReconciliationStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        ReconciliationStore.RequireOutcome(outcome);
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        if (format is not (null or "json" or "csv" or "xlsx"))
        {
            throw new BadInputException("format", "invalid_format", "format is json, csv or xlsx.");
        }

        var columns = ExportTable.ParseHeaders(headers);
        var summary = await store.GetSummaryAsync(reconciliationId, ct);
        var caller = context.Caller().RequireRole(Roles.Provider, Roles.Bureau, Roles.Auditor, Roles.Province);
        caller.RequireVisible(
            summary is not null
                && (
                    caller.Role == Roles.Provider
                        ? caller.ProviderId == summary.ProviderId
                        : caller.CoversCounty(summary.County)
                ),
            "Reconciliation"
        );
        if (format is "csv" or "xlsx")
        {
            var (_, all) = await store.LinesAsync(reconciliationId, outcome, null, ct);
            var names = await ExportNames.LoadAsync(dataSource, [summary!.ProviderId], ct);
            var elders = await ReconciliationStore.MaskedNamesAsync(dataSource, all.Select(l => l.PurchaseId), ct);
            var rows = all.Select(l =>
                new object?[]
                {
                    l.LineNo,
                    l.Outcome,
                    l.Key,
                    l.Item,
                    names.Item(summary.ProviderId, l.Item),
                    l.PurchaseId is { } id ? elders.GetValueOrDefault(id) : null,
                    l.ProviderRow,
                    l.ProviderTime,
                    l.ProviderAmountFen,
                    l.LovecardAmountFen,
                    l.DifferenceFen,
                    l.PurchaseId,
                }
            );
            return LineExport.Download(format, columns, rows, $"reconciliation-{reconciliationId:N}", summary.Period);
        }

        var (total, lines) = await store.LinesAsync(reconciliationId, outcome, paging, ct);
        return TypedResults.Ok(new ReconciliationAnswer(summary!, paging.Page, paging.PageSize, total, lines));
    }

    private static readonly ExportTable LineExport = new(
        [
            new("lineNo", "序号", ExportCell.Number),
            new("outcome", "对账结果") { Words = ExportWords.Outcomes },
            new("key", "对账键"),
            new("item", "服务项目代码"),
            new("itemName", "服务项目"),
            new("maskedName", "老人姓名"),
            new("providerRow", "服务商清单行号", ExportCell.Number),
            new("providerTime", "服务商记录时间"),
            new("providerAmountFen", "服务商金额（元）", ExportCell.Yuan, Summed: true),
            new("lovecardAmountFen", "爱心卡金额（元）", ExportCell.Yuan, Summed: true),
            new("differenceFen", "差额（元）", ExportCell.Yuan, Summed: true),
            new("purchaseId", "消费编号"),
        ],
        LabelColumn: "outcome"
    );
}
