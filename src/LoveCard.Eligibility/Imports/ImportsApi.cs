using System.Text;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Exports;
using LoveCard.Hosting.OpenApi;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LoveCard.Eligibility.Imports;

public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/elders/imports").RequirePeople().WithTags("Roster imports");
        group
            .MapPost("/", StartImport)
            .WithSummary("Upload a roster (CSV or XLSX) to import")
            .AcceptsSpreadsheet()
            .DisableAntiforgery();
        group.MapGet("/{importId:guid}", GetImport).WithSummary("Read an import's progress");
        group
            .MapGet("/{importId:guid}/errors", GetImportErrors)
            .WithSummary("List an import's row errors")
            .ProducesSpreadsheet();
        return group;
    }

    /// <summary>
    /// Stores the roster (multipart <c>file</c> or the raw body: CSV in UTF-8/GB18030, or XLSX) and
    /// answers 202 at once; the rows are processed by the import worker.
    /// </summary>
    public static async Task<Accepted<ImportAccepted>> StartImport(
        string? county,
        HttpContext http,
        ImportStore store,
        WorkSignal signal,
        ImportOptions options,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        county ??= caller.County;
        CountyCodes.Require(county);
        caller.RequireCounty(county!);

        // A province roster runs to hundreds of megabytes, streamed to storage: the body limit is raised
        // to Imports:MaxUploadBytes (1 GiB), not lifted (finding S-11); past it Kestrel answers 413.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadBytes;
        }

        Guid importId;
        if (
            MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        )
        {
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value
                ?? throw new BadInputException("file", "invalid_multipart", "The multipart body has no boundary.");
            var reader = new MultipartReader(boundary, http.Request.Body);
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (
                    ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition()
                )
                {
                    var fileName = disposition.FileName.Value ?? disposition.FileNameStar.Value;
                    importId = await store.CreateAsync(county!, fileName, caller.Subject, section.Body, ct);
                    return Accept(importId, signal);
                }
            }

            throw new BadInputException("file", "file_required", "The multipart body has no file part.");
        }

        importId = await store.CreateAsync(county!, null, caller.Subject, http.Request.Body, ct);
        return Accept(importId, signal);
    }

    private static Accepted<ImportAccepted> Accept(Guid importId, WorkSignal signal)
    {
        signal.Set();
        var location = $"/api/elders/imports/{importId}";
        return TypedResults.Accepted(location, new ImportAccepted(importId, "queued", location));
    }

    public static async Task<Ok<ImportProgress>> GetImport(
        Guid importId,
        HttpContext http,
        ImportStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var import = await store.GetAsync(importId, ct);
        caller.RequireVisible(import is not null && caller.CoversCounty(import.County), "Import");
        var i = import!;
        var end = i.FinishedAt ?? DateTime.UtcNow;
        var seconds = i.StartedAt is { } started ? (end - started).TotalSeconds : 0;
        return TypedResults.Ok(
            new ImportProgress(
                i.ImportId,
                i.County,
                i.Status,
                i.Format,
                i.Encoding,
                i.Bytes,
                i.RowsRead,
                i.RowsAccepted,
                i.RowsRejected,
                i.RowsCreated,
                i.RowsUpdated,
                i.RowsUnchanged,
                seconds > 0 ? Math.Round(i.RowsRead / seconds, 1) : 0,
                Utc(i.CreatedAt),
                i.StartedAt is { } s ? Utc(s) : null,
                i.FinishedAt is { } f ? Utc(f) : null,
                i.Error,
                i.RowsTotal,
                i.Percent,
                ImportProgressMath.SecondsLeft(
                    i.Status,
                    i.RowsRead,
                    i.RowsTotal,
                    i.StartedAt is { } st ? Utc(st) : null,
                    time.GetUtcNow()
                )
            )
        );
    }

    /// <summary>The bad rows (row number, field, code, reason): JSON paged, or the whole report with
    /// <c>?format=csv</c>.</summary>
    public static async Task<
        Results<Ok<Paged<ImportError>>, FileStreamHttpResult, PushStreamHttpResult>
    > GetImportErrors(
        Guid importId,
        int? page,
        int? pageSize,
        string? format,
        string? headers,
        HttpContext http,
        ImportStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var import = await store.GetAsync(importId, ct);
        caller.RequireVisible(import is not null && caller.CoversCounty(import.County), "Import");
        if (format is "csv" or "xlsx")
        {
            var rows = store
                .AllErrorsAsync(importId, ct)
                .Select(e => new object?[] { e.RowNumber, e.Field, e.Code, e.Message });
            return ErrorExport.Download(
                format,
                ExportTable.ParseHeaders(headers),
                rows,
                $"import-{importId}-errors",
                "errors"
            );
        }

        if (format is not null and not "json")
        {
            throw new BadInputException("format", "invalid_format", "format is json, csv or xlsx.");
        }

        var paging = PageRequest.Of(page, pageSize);
        var (items, total) = await store.ErrorsAsync(importId, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Paged<ImportError>.Of(paging, total, items));
    }

    private static DateTimeOffset Utc(DateTime d) => new(DateTime.SpecifyKind(d, DateTimeKind.Utc));

    /// <summary>The bad rows as a spreadsheet (ADR 0032); nothing in it adds up, so no totals row.</summary>
    private static readonly ExportTable ErrorExport = new([
        new("row", "行号", ExportCell.Number),
        new("field", "字段"),
        new("code", "错误代码"),
        new("message", "说明"),
    ]);
}
