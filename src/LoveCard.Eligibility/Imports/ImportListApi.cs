using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Imports;

/// <summary>
/// A county's roster imports, newest first, with their progress (issue 16: the dashboard's "imports
/// running" and the import page's history), with the total rows counted at upload, the percent and the
/// time left (issue 17). A read beside <see cref="ImportsApi"/>.
/// </summary>
public static class ImportListApi
{
    public sealed class ImportListed
    {
        public Guid ImportId { get; init; }

        public string County { get; init; } = "";

        public string? FileName { get; init; }

        public string Status { get; init; } = "";

        public string Format { get; init; } = "";

        public long Bytes { get; init; }

        public long RowsRead { get; init; }

        public long RowsAccepted { get; init; }

        public long RowsRejected { get; init; }

        public long RowsCreated { get; init; }

        public long RowsUpdated { get; init; }

        public long RowsUnchanged { get; init; }

        public string CreatedBy { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset? StartedAt { get; init; }

        public DateTimeOffset? FinishedAt { get; init; }

        public string? Error { get; init; }

        /// <summary>The rows of the upload, counted when it was stored (CSV); null for XLSX until read.</summary>
        public long? RowsTotal { get; init; }

        /// <summary>0 to 100, 100 once succeeded; null while the total is unknown.</summary>
        public double? Percent => ImportProgressMath.Percent(Status, RowsRead, RowsTotal);

        /// <summary>Seconds left at the rate so far, while running.</summary>
        public long? SecondsLeft { get; set; }
    }

    /// <summary>The listing's sort keys (ADR 0031): newest first by default.</summary>
    public static readonly SortKeys Sorts = new(
        "-createdAt",
        "import_id DESC",
        ("createdAt", "created_at"),
        ("status", "status"),
        ("fileName", "file_name"),
        ("rowsRead", "rows_read"),
        ("finishedAt", "finished_at")
    );

    public static WebApplication MapImportListApi(this WebApplication app)
    {
        app.MapGet("/api/elders/imports", List)
            .RequirePeople()
            .WithTags("Roster imports")
            .WithRequestLimits()
            .WithSummary("List a county's roster imports")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Ok<Paged<ImportListed>>> List(
        string? county,
        string? status,
        int? page,
        int? pageSize,
        string? sort,
        string? q,
        HttpContext http,
        NpgsqlDataSource dataSource,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        county ??= caller.County;
        LoveCard.Eligibility.Counties.CountyCodes.Require(county);
        caller.RequireCounty(county!);
        var errors = new ValidationErrors();
        if (status is not (null or "queued" or "running" or "succeeded" or "failed"))
        {
            errors.Add("status", "invalid_status", "status is queued, running, succeeded or failed.");
        }

        // q: part of the file name.
        var paging = PageRequest.Of(page, pageSize, sort, q, Sorts, errors: errors);
        errors.ThrowIfAny();
        const string filter = """
            FROM imports WHERE county = @county AND (@status::text IS NULL OR status = @status)
               AND (@q::text IS NULL OR strpos(lower(coalesce(file_name, '')), lower(@q)) > 0)
            """;
        var sql = $"""
            SELECT count(*) {filter};
            SELECT import_id, county, file_name, status, format, bytes, rows_read, rows_accepted, rows_rejected,
                   rows_created,
                   rows_updated, rows_unchanged, created_by, created_at, started_at, finished_at, error, rows_total
              {filter}
             ORDER BY {paging.OrderBy} OFFSET @offset LIMIT @limit;
            """;
        var (total, items) = await dataSource.QueryPageAsync<ImportListed>(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    status,
                    q = paging.Q,
                    offset = paging.Offset,
                    limit = paging.PageSize,
                },
                cancellationToken: ct
            )
        );
        var now = time.GetUtcNow();
        foreach (var item in items)
        {
            item.SecondsLeft = ImportProgressMath.SecondsLeft(
                item.Status,
                item.RowsRead,
                item.RowsTotal,
                item.StartedAt,
                now
            );
        }

        return TypedResults.Ok(Paged<ImportListed>.Of(paging, total, items));
    }
}
