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
/// A read beside <see cref="FundsApi"/>; issue 17 may fold it into one listing convention.
/// </summary>
public static class TopUpListApi
{
    public sealed record TopUpPage(IReadOnlyList<TopUpView> Items, long Total, int Page, int PageSize);

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

    public static async Task<Ok<TopUpPage>> List(
        string county,
        string? status,
        int? page,
        int? pageSize,
        HttpContext context,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Auditor).RequireCounty(county);
        if (status is not (null or "proposed" or "approved"))
        {
            throw new BadInputException("status", "invalid_status", "status is proposed or approved.");
        }

        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        const string sql = """
            SELECT count(*) FROM fund_top_ups WHERE county = @county AND (@status::text IS NULL OR status = @status);
            SELECT top_up_id, county, source, village_code, amount_fen, note, status, proposed_by, proposed_at,
                   approved_by, approved_at
              FROM fund_top_ups WHERE county = @county AND (@status::text IS NULL OR status = @status)
             ORDER BY proposed_at DESC, top_up_id OFFSET @Offset LIMIT @PageSize;
            """;
        var (total, rows) = await dataSource.QueryPageAsync<Row>(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    status,
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
        return TypedResults.Ok(new TopUpPage(items, total, paging.Page, paging.PageSize));
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
