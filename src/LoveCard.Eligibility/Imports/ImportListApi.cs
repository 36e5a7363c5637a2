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
/// running" and the import page's history). A read beside <see cref="ImportsApi"/>; issue 17 may add
/// the total rows known up front.
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
    }

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
        HttpContext http,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        county ??= caller.County;
        LoveCard.Eligibility.Counties.CountyCodes.Require(county);
        caller.RequireCounty(county!);
        if (status is not (null or "queued" or "running" or "succeeded" or "failed"))
        {
            throw new BadInputException("status", "invalid_status", "status is queued, running, succeeded or failed.");
        }

        var paging = PageRequest.Of(page, pageSize);
        const string sql = """
            SELECT count(*) FROM imports WHERE county = @county AND (@status::text IS NULL OR status = @status);
            SELECT import_id, county, file_name, status, format, bytes, rows_read, rows_accepted, rows_rejected,
                   rows_created,
                   rows_updated, rows_unchanged, created_by, created_at, started_at, finished_at, error
              FROM imports WHERE county = @county AND (@status::text IS NULL OR status = @status)
             ORDER BY created_at DESC, import_id OFFSET @offset LIMIT @limit;
            """;
        var (total, items) = await dataSource.QueryPageAsync<ImportListed>(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    status,
                    offset = paging.Offset,
                    limit = paging.PageSize,
                },
                cancellationToken: ct
            )
        );
        return TypedResults.Ok(Paged<ImportListed>.Of(paging, total, items));
    }
}
