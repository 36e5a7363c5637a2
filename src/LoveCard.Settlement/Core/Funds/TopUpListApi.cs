using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Settlement.Core.Funds;

/// <summary>
/// The checker's queue (issue 16): a county's top-ups, newest first, optionally only those still
/// <c>proposed</c>, so a second bureau user finds what waits for approval without knowing its id.
/// A read beside <see cref="FundsApi"/>, answered in the one paging envelope (ADR 0031).
/// </summary>
public static class TopUpListApi
{
    /// <summary>The listing's sort keys (ADR 0031): newest proposal first by default.</summary>
    public static readonly SortKeys Sorts = new(
        "-proposedAt",
        "top_up_id DESC",
        ("proposedAt", "proposed_at"),
        ("amountFen", "amount_fen"),
        ("source", "source"),
        ("status", "status"),
        ("approvedAt", "approved_at")
    );

    public static WebApplication MapTopUpListApi(this WebApplication app)
    {
        app.MapGet("/api/funds/{county}/top-ups", List)
            .RequirePeople()
            .WithTags("Funds")
            .WithRequestLimits()
            .WithSummary("List a county's fund top-ups (the checker's queue)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Ok<Paged<TopUpView>>> List(
        string county,
        string? status,
        int? page,
        int? pageSize,
        string? sort,
        string? source,
        HttpContext context,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Auditor).RequireCounty(county);
        var errors = new ValidationErrors();
        if (status is not (null or "proposed" or "approved"))
        {
            errors.Add("status", "invalid_status", "status is proposed or approved.");
        }

        if (source is not (null or "fiscal" or "collective" or "charity"))
        {
            errors.Add("source", "invalid_source", "source is fiscal, collective or charity.");
        }

        var paging = PageRequest.Of(page, pageSize, sort, null, Sorts, PageLimits.Settlement, errors);
        errors.ThrowIfAny();
        const string filter = """
            FROM fund_top_ups WHERE county = @county AND (@status::text IS NULL OR status = @status)
               AND (@source::text IS NULL OR source = @source)
            """;
        var sql = $"""
            SELECT count(*) {filter};
            SELECT top_up_id, county, source, village_code, amount_fen, note, status, proposed_by, proposed_at,
                   approved_by, approved_at
              {filter}
             ORDER BY {paging.OrderBy} OFFSET @Offset LIMIT @PageSize;
            """;
        var (total, rows) = await dataSource.QueryPageAsync<Row>(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    status,
                    source,
                    paging.Offset,
                    paging.PageSize,
                },
                cancellationToken: ct
            )
        );
        var items = rows.Select(r => new TopUpView(
                r.TopUpId,
                r.County,
                r.Source,
                r.VillageCode,
                r.AmountFen,
                r.Note,
                r.Status,
                r.ProposedBy,
                Utc(r.ProposedAt),
                r.ApprovedBy,
                r.ApprovedAt is { } a ? Utc(a) : null
            ))
            .ToArray();
        return TypedResults.Ok(Paged<TopUpView>.Of(paging, total, items));
    }

    private static DateTimeOffset Utc(DateTime d) => new(DateTime.SpecifyKind(d, DateTimeKind.Utc));

    private sealed class Row
    {
        public Guid TopUpId { get; init; }

        public string County { get; init; } = "";

        public string Source { get; init; } = "";

        public string? VillageCode { get; init; }

        public long AmountFen { get; init; }

        public string? Note { get; init; }

        public string Status { get; init; } = "";

        public string ProposedBy { get; init; } = "";

        public DateTime ProposedAt { get; init; }

        public string? ApprovedBy { get; init; }

        public DateTime? ApprovedAt { get; init; }
    }
}
