using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Cards.Cards;

/// <summary>
/// The elder and family app's part of cards (issue 17): <c>GET /api/me/cards</c>, the caller's own
/// cards — an elder's, or those of the elders an agent acts for (ADR 0010) — newest first.
/// </summary>
public static class MyCardsApi
{
    public static readonly SortKeys Sorts = new(
        "-provisionedAt",
        "card_id DESC",
        ("provisionedAt", "provisioned_at"),
        ("status", "status"),
        ("updatedAt", "updated_at")
    );

    public static IEndpointRouteBuilder MapMyCardsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/cards", List)
            .RequirePeople()
            .WithTags("Self-service")
            .WithRequestLimits()
            .WithName("ListMyCards")
            .WithSummary("List my cards (an elder's own, or an agent's elders')")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// The caller's cards; <paramref name="elderId"/> narrows an agent's to one elder (404 if not theirs).
    /// </summary>
    public static async Task<Ok<Paged<CardsApi.CardView>>> List(
        Guid? elderId,
        int? page,
        int? pageSize,
        string? sort,
        HttpContext http,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        var elders = http.Caller().OwnElders(elderId).ToArray();
        var paging = PageRequest.Of(page, pageSize, sort, null, Sorts);
        var sql = $"""
            SELECT count(*) FROM cards WHERE elder_id = ANY(@elders);
            SELECT {CardStore.Columns} FROM cards WHERE elder_id = ANY(@elders)
             ORDER BY {paging.OrderBy} LIMIT @pageSize OFFSET @offset
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    elders,
                    pageSize = paging.PageSize,
                    offset = (long)paging.Offset,
                },
                cancellationToken: ct
            )
        );
        var total = await grid.ReadSingleAsync<long>();
        var items = (await grid.ReadAsync<Card>()).Select(CardsApi.CardView.Of).ToArray();
        return TypedResults.Ok(Paged<CardsApi.CardView>.Of(paging, total, items));
    }
}
