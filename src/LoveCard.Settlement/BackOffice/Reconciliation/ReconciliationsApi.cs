using System.Text;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Reconciliation;

/// <summary>A provider reconciles its own list against LoveCard's (DOMAIN.md §5); the result is kept and downloadable.</summary>
public static class ReconciliationsApi
{
    /// <summary>A month of a busy canteen is a few MB of CSV; more than this is not a provider's list.</summary>
    private const int MaxUploadBytes = 32 * 1024 * 1024;

    public static WebApplication MapReconciliationsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/reconciliations").RequirePeople().WithTags("Reconciliation");
        group.MapPost("/", Reconcile).WithSummary("Reconcile a provider's own list (CSV) against the ledger").Accepts<string>("text/csv").DisableAntiforgery();
        group.MapGet("/{reconciliationId:guid}", Get).WithSummary("Read a reconciliation");
        return app;
    }

    public sealed record ReconciliationAnswer(ReconciliationSummary Summary, int Page, int PageSize, long TotalLines, IReadOnlyList<ReconciliationLine> Lines);

    /// <summary>The body is the CSV itself (<c>text/csv</c>) or a multipart form with one file.</summary>
    public static async Task<Created<ReconciliationAnswer>> Reconcile(Guid? providerId, string? period, HttpContext context,
        ReconciliationStore store, NpgsqlDataSource dataSource, CancellationToken ct)
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
        var list = ProviderListCsv.Parse(await ReadUploadAsync(context.Request, ct));
        var summary = await store.ReconcileAsync(providerId.Value, county, window, list, caller.Subject, ct);
        var (total, lines) = await store.LinesAsync(summary.ReconciliationId, null, new PageRequest(1, 500), ct);
        return TypedResults.Created($"/api/reconciliations/{summary.ReconciliationId}", new ReconciliationAnswer(summary, 1, 500, total, lines));
    }

    private static async Task<string> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxUploadBytes)
        {
            throw new BadInputException("file", "too_large", $"The file is larger than {MaxUploadBytes / 1024 / 1024} MB.");
        }

        Stream body = request.Body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.Count == 1 ? form.Files[0] : throw new BadInputException("file", "required", "Send exactly one file.");
            body = file.OpenReadStream();
        }

        using var reader = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var buffer = new char[64 * 1024];
        var text = new StringBuilder();
        int read;
        try
        {
            while ((read = await reader.ReadAsync(buffer.AsMemory(), ct)) > 0)
            {
                text.Append(buffer, 0, read);
                if (text.Length > MaxUploadBytes)
                {
                    throw new BadInputException("file", "too_large", $"The file is larger than {MaxUploadBytes / 1024 / 1024} MB.");
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw new BadInputException("file", "invalid_encoding", "The file must be UTF-8 text (Excel: save as 'CSV UTF-8').");
        }

        return text.ToString();
    }

    /// <summary>JSON with the lines paged (optionally one <c>outcome</c>), or <c>?format=csv</c> with every line.</summary>
    public static async Task<Results<Ok<ReconciliationAnswer>, PushStreamHttpResult>> Get(Guid reconciliationId, string? format, string? outcome,
        int? page, int? pageSize, HttpContext context, ReconciliationStore store, CancellationToken ct)
    {
        ReconciliationStore.RequireOutcome(outcome);
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        if (format is not (null or "json" or "csv"))
        {
            throw new BadInputException("format", "invalid_format", "format is json or csv.");
        }

        var summary = await store.GetSummaryAsync(reconciliationId, ct);
        var caller = context.Caller().RequireRole(Roles.Provider, Roles.Bureau, Roles.Auditor, Roles.Province);
        caller.RequireVisible(summary is not null
            && (caller.Role == Roles.Provider ? caller.ProviderId == summary.ProviderId : caller.CoversCounty(summary.County)), "Reconciliation");
        if (format == "csv")
        {
            var (_, all) = await store.LinesAsync(reconciliationId, outcome, null, ct);
            return TypedResults.Stream(body => SpreadsheetExport.WriteCsvAsync(body,
                ["lineNo", "outcome", "key", "item", "providerRow", "providerTime", "providerAmountFen", "lovecardAmountFen", "differenceFen", "purchaseId"],
                all.Select(l => new object?[]
                {
                    l.LineNo, l.Outcome, l.Key, l.Item, l.ProviderRow, l.ProviderTime, l.ProviderAmountFen, l.LovecardAmountFen, l.DifferenceFen,
                    l.PurchaseId?.ToString(),
                }).Append([null, "total", null, null, null, null, summary!.ProviderTotalFen, summary.LovecardTotalFen, summary.DifferenceFen, null])),
                SpreadsheetExport.CsvContentType, $"reconciliation-{reconciliationId:N}.csv");
        }

        var (total, lines) = await store.LinesAsync(reconciliationId, outcome, paging, ct);
        return TypedResults.Ok(new ReconciliationAnswer(summary!, paging.Page, paging.PageSize, total, lines));
    }
}
