using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Exports;
using LoveCard.Hosting.OpenApi;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// The audit trail for auditors (DOMAIN.md §6): list and filter entries, verify the chain, export it
/// for the offline verifier; and the published anchors, which anyone may read.
/// </summary>
public static class AuditApi
{
    public static WebApplication MapAuditApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/audit").RequirePeople().WithTags("Audit trail");
        group
            .MapGet("/", ListEntries)
            .WithSummary("List audit entries")
            .WithName("ListAuditEntries")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group
            .MapGet("/verify", VerifyChain)
            .WithSummary("Verify the audit hash chain")
            .WithName("VerifyAuditChain")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group
            .MapGet("/export", ExportChain)
            .WithSummary("Export the audit chain (JSON lines or CSV)")
            .WithName("ExportAuditChain")
            .Produces(StatusCodes.Status200OK, contentType: "application/jsonl")
            .ProducesSpreadsheet()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/public/audit-anchors", ListAnchors)
            .WithSummary("List the published audit anchors")
            .AllowAnonymous()
            .WithTags("Public data")
            .WithName("ListAuditAnchors")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>
    /// Entries, newest first. Province and a provincial auditor (no county in the token) see every
    /// county; a bureau, or an auditor of a county, only entries of its own county.
    /// </summary>
    public static async Task<Ok<Paged<AuditEntryView>>> ListEntries(
        HttpContext http,
        AuditTrail trail,
        string? county,
        string? aggregateId,
        string? type,
        string? from,
        string? to,
        int? page,
        int? pageSize,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Province, Roles.Auditor, Roles.Bureau);
        var errors = new ValidationErrors();
        if (county is not null && !IsCounty(county))
        {
            errors.Add("county", "invalid_county", "county must be a 6-digit division code.");
        }

        var fromAt = ParseInstant(from, "from", errors);
        var toAt = ParseInstant(to, "to", errors);
        var paging = PageRequest.Of(page, pageSize, errors: errors);
        errors.ThrowIfAny();

        if (!caller.IsProvince && !(caller.Is(Roles.Auditor) && caller.County is null))
        {
            county ??= caller.County ?? throw new ForbiddenException("Your token names no county.");
            caller.RequireCounty(county);
        }

        var (items, total) = await trail.ListAsync(
            new AuditQuery(county, aggregateId, type, fromAt, toAt, paging.Page, paging.PageSize),
            ct
        );
        return TypedResults.Ok(Paged<AuditEntryView>.Of(paging, total, items.Select(AuditEntryView.From).ToList()));
    }

    /// <summary>Recomputes the whole chain; <paramref name="anchor"/> (<c>seq:hash</c>) is one the caller
    /// kept.</summary>
    public static async Task<Ok<AuditVerification>> VerifyChain(
        HttpContext http,
        AuditTrail trail,
        string? anchor,
        CancellationToken ct
    )
    {
        http.Caller().RequireRole(Roles.Province, Roles.Auditor, Roles.Bureau);
        AuditAnchor? external = null;
        if (anchor is not null && !AuditAnchor.TryParse(anchor, out external))
        {
            throw new BadInputException(
                "anchor",
                "invalid_anchor",
                "anchor must be <seq>:<64 hex digits of the hash>."
            );
        }

        return TypedResults.Ok(await trail.VerifyAsync(external, ct));
    }

    /// <summary>
    /// Streams the whole chain (every county) for the offline verifier: province or a provincial
    /// auditor only. JSON lines keep every hashed byte; CSV is for reading, with cells that a
    /// spreadsheet would run as a formula neutralised, so it does not re-verify byte for byte.
    /// </summary>
    public static PushStreamHttpResult ExportChain(
        HttpContext http,
        AuditTrail trail,
        TimeProvider time,
        string? format,
        string? headers
    )
    {
        var caller = http.Caller().RequireRole(Roles.Province, Roles.Auditor);
        if (!caller.IsProvince && caller.County is not null)
        {
            throw new ForbiddenException(
                "Only the province or a provincial auditor may export the whole chain; use GET /api/audit for your "
                    + "county."
            );
        }

        var stamp = time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return format switch
        {
            "jsonl" => TypedResults.Stream(
                s => WriteJsonlAsync(s, trail, http.RequestAborted),
                "application/jsonl",
                $"audit-trail-{stamp}.jsonl"
            ),
            "csv" or "xlsx" => CsvExport.Download(
                format,
                ExportTable.ParseHeaders(headers),
                Rows(trail, ExportTable.ParseHeaders(headers), http.RequestAborted),
                $"audit-trail-{stamp}",
                "audit"
            ),
            _ => throw new BadInputException("format", "invalid_format", "format must be csv, xlsx or jsonl."),
        };
    }

    public static async Task<Ok<Paged<AuditAnchorRow>>> ListAnchors(
        AuditTrail trail,
        int? page,
        int? pageSize,
        CancellationToken ct
    )
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.Of(page, pageSize, errors: errors);
        errors.ThrowIfAny();
        var (items, total) = await trail.ListAnchorsAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Paged<AuditAnchorRow>.Of(paging, total, items));
    }

    private static async Task WriteJsonlAsync(Stream body, AuditTrail trail, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        await using var writer = new Utf8JsonWriter(buffer);
        await foreach (var entry in trail.ExportAsync(ct))
        {
            // One JSON value per line: the writer is reset after each, as it allows one root value.
            AuditJsonl.Write(writer, entry);
            await writer.FlushAsync(ct);
            writer.Reset(buffer);
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= 64 * 1024)
            {
                await body.WriteAsync(buffer.WrittenMemory, ct);
                buffer.Clear();
            }
        }

        await body.WriteAsync(buffer.WrittenMemory, ct);
    }

    /// <summary>
    /// The chain for reading (ADR 0032): Chinese headers and Asia/Shanghai times by default; with
    /// <c>?headers=codes</c> the column names and instant format of the hashed fields. No totals row:
    /// nothing in it adds up.
    /// </summary>
    private static readonly ExportTable CsvExport = new([
        new("seq", "序号", ExportCell.Number),
        new("message_id", "消息编号"),
        new("event_type", "事件类型"),
        new("aggregate_id", "对象编号"),
        new("aggregate_version", "对象版本", ExportCell.Number),
        new("actor_kind", "操作者类型"),
        new("actor_id", "操作者"),
        new("reason", "原因"),
        new("county", "县区"),
        new("related_county", "关联县区"),
        new("occurred_at", "发生时间", ExportCell.Time),
        new("recorded_at", "记录时间", ExportCell.Time),
        new("summary", "摘要"),
        new("prev_hash", "前一条哈希"),
        new("hash", "哈希"),
    ]);

    private static async IAsyncEnumerable<object?[]> Rows(
        AuditTrail trail,
        ExportHeaders headers,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct
    )
    {
        await foreach (var e in trail.ExportAsync(ct))
        {
            yield return
            [
                e.Seq,
                e.MessageId,
                e.EventType,
                e.AggregateId,
                e.AggregateVersion,
                e.ActorKind,
                e.ActorId,
                e.Reason,
                e.County,
                e.RelatedCounty,
                headers == ExportHeaders.Codes ? AuditHash.FormatInstant(e.OccurredAt) : e.OccurredAt,
                headers == ExportHeaders.Codes ? AuditHash.FormatInstant(e.RecordedAt) : e.RecordedAt,
                e.Summary,
                e.PrevHash,
                e.Hash,
            ];
        }
    }

    internal static bool IsCounty(string county) => county.Length == 6 && county.All(char.IsAsciiDigit);

    private static DateTimeOffset? ParseInstant(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (CalendarInput.TryParseInstant(text, out var at))
        {
            return at;
        }

        errors.Add(
            field,
            "invalid_instant",
            $"{field} must be an ISO 8601 instant in the years {CalendarInput.Range}, e.g. 2025-03-01T00:00:00+08:00."
        );
        return null;
    }
}
