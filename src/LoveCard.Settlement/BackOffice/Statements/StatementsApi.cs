using System.ComponentModel.DataAnnotations;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Exports;
using LoveCard.Hosting.OpenApi;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Exports;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>Statements (对账清单, DOMAIN.md §5) per provider and per elder, and disputes of their lines.</summary>
public static class StatementsApi
{
    public static WebApplication MapStatementsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/statements").RequirePeople().WithTags("Statements").WithRequestLimits();
        group
            .MapGet("/providers/{providerId:guid}", ProviderStatement)
            .WithSummary("Read a provider's statement")
            .ProducesSpreadsheet();
        group
            .MapGet("/elders/{elderId:guid}", ElderStatement)
            .WithSummary("Read an elder's statement")
            .ProducesSpreadsheet();
        group.MapGet("/counties/{county}", CountySummary).WithSummary("Read a county's summary").ProducesSpreadsheet();
        group.MapPost("/disputes", RaiseDispute).WithSummary("Raise a dispute about a purchase");
        group.MapGet("/disputes", ListDisputes).WithSummary("List disputes");
        group.MapPost("/disputes/{disputeId:guid}/resolve", ResolveDispute).WithSummary("Resolve a dispute");
        return app;
    }

    public sealed record StatementAnswer(
        string Subject,
        Guid SubjectId,
        string Period,
        DateTimeOffset From,
        DateTimeOffset To,
        int Page,
        int PageSize,
        IReadOnlyList<StatementLine> Lines,
        StatementTotals Totals,
        IReadOnlyList<ItemTotals> Items
    );

    /// <summary>
    /// JSON (paged, totals over all pages), <c>?format=csv</c> or <c>?format=xlsx</c> (every line, then a
    /// totals row; Chinese headers and yuan, or with <c>?headers=codes</c> the machine names and fen, ADR 0032).
    /// </summary>
    public static async Task<Results<Ok<StatementAnswer>, PushStreamHttpResult>> ProviderStatement(
        Guid providerId,
        string? period,
        string? date,
        string? format,
        string? headers,
        int? page,
        int? pageSize,
        HttpContext context,
        StatementStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Parse(period, date);
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        var kind = Format(format);
        var columns = ExportTable.ParseHeaders(headers);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            BackOfficeAccess.RequireProvider(
                context.Caller(),
                providerId,
                await BackOfficeAccess.ProviderCountyAsync(connection, providerId, ct)
            );
        }

        return await AnswerAsync(StatementSubject.Provider, providerId, window, kind, columns, paging, store, ct);
    }

    public static async Task<Results<Ok<StatementAnswer>, PushStreamHttpResult>> ElderStatement(
        Guid elderId,
        string? period,
        string? date,
        string? format,
        string? headers,
        int? page,
        int? pageSize,
        HttpContext context,
        StatementStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Parse(period, date);
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        var kind = Format(format);
        var columns = ExportTable.ParseHeaders(headers);
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            BackOfficeAccess.RequireElder(
                context.Caller(),
                elderId,
                await BackOfficeAccess.ElderCountyAsync(connection, elderId, ct)
            );
        }

        return await AnswerAsync(StatementSubject.Elder, elderId, window, kind, columns, paging, store, ct);
    }

    public sealed record CountySummaryAnswer(
        string County,
        string Period,
        DateTimeOffset From,
        DateTimeOffset To,
        StatementTotals Totals,
        IReadOnlyList<ProviderSummary> Providers,
        IReadOnlyList<BudgetLines.FiscalLineTotal> FiscalLines
    );

    /// <summary>
    /// The bureau's view: every provider's statement totals for the county's month (or day), per
    /// source and per item, JSON or <c>?format=csv</c> / <c>?format=xlsx</c> (one row per provider
    /// and item with their names, then the county's totals row; ADR 0032).
    /// </summary>
    public static async Task<Results<Ok<CountySummaryAnswer>, PushStreamHttpResult>> CountySummary(
        string county,
        string? period,
        string? date,
        string? format,
        string? headers,
        HttpContext context,
        StatementStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Parse(period, date);
        var kind = Format(format);
        var columns = ExportTable.ParseHeaders(headers);
        context.Caller().RequireRole(Roles.Bureau, Roles.Auditor, Roles.Province).RequireCounty(county);
        var providers = await store.CountySummaryAsync(county, window, ct);
        if (kind != "json")
        {
            var names = await ExportNames.LoadAsync(dataSource, providers.Select(p => p.ProviderId), ct);
            var rows = providers.SelectMany(p =>
                p.Items.Select(i =>
                    new object?[]
                    {
                        p.ProviderId,
                        names.Provider(p.ProviderId),
                        i.Item,
                        names.Item(p.ProviderId, i.Item),
                        i.Lines,
                        i.Quantity,
                        i.AmountFen,
                        i.FiscalFen,
                        i.CollectiveFen,
                        i.CharityFen,
                        i.FamilyFen,
                    }
                )
            );
            return CountySummaryExport.Download(
                kind,
                columns,
                rows,
                $"statements-{county}-{window.Label}",
                window.Label
            );
        }

        var totals = new StatementTotals(
            providers.Sum(p => p.Totals.Lines),
            providers.Sum(p => p.Totals.AmountFen),
            providers.Sum(p => p.Totals.FiscalFen),
            providers.Sum(p => p.Totals.CollectiveFen),
            providers.Sum(p => p.Totals.CharityFen),
            providers.Sum(p => p.Totals.FamilyFen),
            providers.Sum(p => p.Totals.SubsidyFen)
        );
        var fiscalLines = await StatementFiscalLines.ForCountyAsync(dataSource, county, window, ct);
        return TypedResults.Ok(
            new CountySummaryAnswer(county, window.Label, window.From, window.To, totals, providers, fiscalLines)
        );
    }

    /// <summary>One row per provider and item of a county summary.</summary>
    private static readonly ExportTable CountySummaryExport = new(
        [
            new("providerId", "服务商编号"),
            new("providerName", "服务商名称"),
            new("item", "服务项目代码"),
            new("itemName", "服务项目"),
            new("lines", "笔数", ExportCell.Number, Summed: true),
            new("quantity", "数量", ExportCell.Number, Summed: true),
            new("amountFen", "金额（元）", ExportCell.Yuan, Summed: true),
            new("fiscalFen", "财政补贴（元）", ExportCell.Yuan, Summed: true),
            new("collectiveFen", "集体补贴（元）", ExportCell.Yuan, Summed: true),
            new("charityFen", "慈善补贴（元）", ExportCell.Yuan, Summed: true),
            new("familyFen", "个人支付（元）", ExportCell.Yuan, Summed: true),
        ],
        LabelColumn: "providerId"
    );

    private static string Format(string? format) =>
        format switch
        {
            null or "json" => "json",
            "csv" or "xlsx" => format,
            _ => throw new BadInputException("format", "invalid_format", "format is json, csv or xlsx."),
        };

    private static async Task<Results<Ok<StatementAnswer>, PushStreamHttpResult>> AnswerAsync(
        StatementSubject subject,
        Guid subjectId,
        StatementPeriod window,
        string format,
        ExportHeaders headers,
        PageRequest paging,
        StatementStore store,
        CancellationToken ct
    )
    {
        var name = subject == StatementSubject.Provider ? "provider" : "elder";
        if (format == "json")
        {
            var (lines, totals, items) = await store.PageAsync(
                subject,
                subjectId,
                window,
                paging.Offset,
                paging.PageSize,
                ct
            );
            return TypedResults.Ok(
                new StatementAnswer(
                    name,
                    subjectId,
                    window.Label,
                    window.From,
                    window.To,
                    paging.Page,
                    paging.PageSize,
                    lines,
                    totals,
                    items
                )
            );
        }

        var fileStem = $"statement-{name}-{subjectId:N}-{window.Label}";
        return StatementExport.Table.Download(format, headers, Lines(), fileStem, window.Label);

        async IAsyncEnumerable<object?[]> Lines()
        {
            var (connection, reader) = await store.OpenExportAsync(subject, subjectId, window, ct);
            await using (connection)
            await using (reader)
            {
                await foreach (var row in ExportRows.From(reader, ct))
                {
                    yield return row;
                }
            }
        }
    }

    public sealed record DisputeRequest(
        Guid PurchaseId,
        [property: Range(typeof(long), "-10000000000", "10000000000")] long ClaimedFen,
        [property: StringLength(500, ErrorMessage = "required")] string? Reason
    );

    public sealed record ResolveDisputeRequest(
        [property: StringLength(32, ErrorMessage = "invalid_decision")] string? Decision,
        [property: StringLength(500)] string? Note,
        [property: StringLength(32, ErrorMessage = "invalid_source")] string? Source
    );

    /// <summary>A provider disputes one of its own statement lines, claiming <c>claimedFen</c> more (or, negative,
    /// less) subsidy.</summary>
    public static async Task<Created<DisputeView>> RaiseDispute(
        DisputeRequest request,
        HttpContext context,
        DisputeStore disputes,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Provider);
        var errors = new ValidationErrors();
        if (request.PurchaseId == Guid.Empty)
        {
            errors.Add("purchaseId", "required", "purchaseId is required.");
        }

        if (request.ClaimedFen == 0)
        {
            errors.Add(
                "claimedFen",
                "required",
                "claimedFen is the subsidy in fen the provider says it is still owed (negative: overpaid); not 0."
            );
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            errors.Add("reason", "required", "reason (1 to 500 characters) is required.");
        }

        errors.ThrowIfAny();
        var view = await disputes.RaiseAsync(caller, request.PurchaseId, request.ClaimedFen, request.Reason!, ct);
        return TypedResults.Created($"/api/statements/disputes/{view.DisputeId}", view);
    }

    public static async Task<Ok<Paged<DisputeView>>> ListDisputes(
        string? county,
        string? status,
        int? page,
        int? pageSize,
        HttpContext context,
        DisputeStore disputes,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Provider, Roles.Bureau, Roles.Auditor, Roles.Province);
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        if (caller.Role != Roles.Provider)
        {
            if (county is null)
            {
                throw new BadInputException("county", "required", "county is required.");
            }

            caller.RequireCounty(county);
        }

        var (total, items) = await disputes.ListAsync(
            caller.Role == Roles.Provider ? null : county,
            caller.Role == Roles.Provider ? caller.ProviderId : null,
            status,
            paging,
            ct
        );
        return TypedResults.Ok(Paged<DisputeView>.Of(paging, total, items));
    }

    /// <summary>The bureau of the provider's county (or the province) accepts or rejects; accepting books the
    /// correction now.</summary>
    public static async Task<Ok<DisputeView>> ResolveDispute(
        Guid disputeId,
        ResolveDisputeRequest request,
        HttpContext context,
        DisputeStore disputes,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province);
        if (request.Decision is not ("accept" or "reject"))
        {
            throw new BadInputException("decision", "invalid_decision", "decision is accept or reject.");
        }

        var source = request.Source ?? LoveCard.Contracts.FundSources.Fiscal;
        if (
            source
            is not (
                LoveCard.Contracts.FundSources.Fiscal
                or LoveCard.Contracts.FundSources.Collective
                or LoveCard.Contracts.FundSources.Charity
            )
        )
        {
            throw new BadInputException("source", "invalid_source", "source is fiscal, collective or charity.");
        }

        if (request.Note is { Length: > 500 })
        {
            throw new BadInputException("note", "too_long", "note is at most 500 characters.");
        }

        return TypedResults.Ok(
            await disputes.ResolveAsync(caller, disputeId, request.Decision == "accept", request.Note, source, ct)
        );
    }
}
