using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Whitelist.Directory;

/// <summary>
/// The elder and family app's directory (issue 17): whitelisted providers of a county with the
/// items they sell and each item's price after the provider's elder discount (what the terminal's
/// catalog charges before the subsidy split). For an elder or agent the county defaults to the
/// elder's home county, as this service last heard it (<c>ElderClassified</c>).
/// </summary>
public static class DirectoryApi
{
    public sealed record DirectoryItem(
        string ItemCode,
        string Name,
        string Unit,
        long UnitPriceFen,
        int DiscountPercent,
        long PriceFen
    );

    public sealed record DirectoryProvider(
        Guid ProviderId,
        string Name,
        string ProviderType,
        string County,
        string Address,
        int CreditScore,
        IReadOnlyList<DirectoryItem> Items
    );

    public static readonly SortKeys Sorts = new(
        "name",
        "id",
        ("name", "name"),
        ("creditScore", "credit_score"),
        ("providerType", "provider_type")
    );

    public static WebApplication MapDirectoryApi(this WebApplication app)
    {
        app.MapGet("/api/directory/providers", ListAsync)
            .RequirePeople()
            .WithTags("Self-service")
            .WithRequestLimits()
            .WithName("ListDirectoryProviders")
            .WithSummary("Find whitelisted providers and their prices near an elder")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// Whitelisted providers of <paramref name="county"/>, of a <paramref name="serviceType"/> (provider
    /// type), selling <paramref name="item"/>; <c>q</c> is part of a provider's or an item's name.
    /// </summary>
    public static async Task<Ok<Paged<DirectoryProvider>>> ListAsync(
        string? county,
        Guid? elderId,
        string? serviceType,
        string? item,
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
        var caller = http.Caller().RequireRole(Roles.Elder, Roles.Agent, Roles.Operator, Roles.Bureau, Roles.Province);
        var errors = new ValidationErrors();
        if (county is not null && !Counties.IsValid(county))
        {
            errors.Add("county", "invalid_county", "A county is a 6-digit division code.");
        }

        if (serviceType is not null && !ProviderTypes.All.Contains(serviceType))
        {
            errors.Add("serviceType", "invalid_provider_type", $"One of: {string.Join(", ", ProviderTypes.All)}.");
        }

        var paging = PageRequest.Of(page, pageSize, sort, q, Sorts, PageLimits.Whitelist, errors);
        errors.ThrowIfAny();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        county ??= caller.Is(Roles.Elder, Roles.Agent)
            ? await HomeCountyAsync(connection, caller.OwnElders(elderId), ct)
            : caller.County ?? throw new BadInputException("county", "required", "county is required.");

        const string filter = """
            FROM providers p
            WHERE p.status = @whitelisted AND p.county = @county
              AND (@serviceType::text IS NULL OR p.provider_type = @serviceType)
              AND (@item::text IS NULL OR EXISTS (SELECT 1 FROM provider_items i
                                                   WHERE i.provider_id = p.id AND i.item_code = @item))
              AND (@q::text IS NULL OR strpos(lower(p.name), lower(@q)) > 0
                   OR EXISTS (SELECT 1 FROM provider_items i
                               WHERE i.provider_id = p.id AND strpos(lower(i.name), lower(@q)) > 0))
            """;
        var sql = $"""
            SELECT count(*) {filter};
            SELECT p.id AS provider_id, p.name, p.provider_type, p.county, p.address, p.credit_score {filter}
             ORDER BY {paging.OrderBy} LIMIT @pageSize OFFSET @offset;
            """;
        var args = new
        {
            whitelisted = ProviderStatuses.Whitelisted,
            county,
            serviceType,
            item,
            q = paging.Q,
            pageSize = paging.PageSize,
            offset = paging.Offset,
        };
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, args, cancellationToken: ct)
        );
        var total = await grid.ReadSingleAsync<long>();
        var providers = (await grid.ReadAsync<ProviderRow>()).AsList();
        var items = (
            await connection.QueryAsync<ItemRow>(
                new CommandDefinition(
                    """
                    SELECT provider_id, item_code, name, unit, unit_price_fen, discount_percent FROM provider_items
                     WHERE provider_id = ANY(@ids) AND effective_from <= @today ORDER BY item_code
                    """,
                    new { ids = providers.Select(p => p.ProviderId).ToArray(), today = Shanghai.Today(time) },
                    cancellationToken: ct
                )
            )
        ).ToLookup(i => i.ProviderId);
        var answer = providers
            .Select(p => new DirectoryProvider(
                p.ProviderId,
                p.Name,
                p.ProviderType,
                p.County,
                p.Address,
                p.CreditScore,
                items[p.ProviderId]
                    .Select(i => new DirectoryItem(
                        i.ItemCode,
                        i.Name,
                        i.Unit,
                        i.UnitPriceFen,
                        i.DiscountPercent,
                        i.UnitPriceFen - (i.UnitPriceFen * Math.Clamp(i.DiscountPercent, 0, 100) / 100)
                    ))
                    .ToArray()
            ))
            .ToArray();
        return TypedResults.Ok(Paged<DirectoryProvider>.Of(paging, total, answer));
    }

    /// <summary>The home county of the caller's (first) elder; 404 when this service has not heard of them.</summary>
    private static async Task<string> HomeCountyAsync(
        NpgsqlConnection connection,
        IReadOnlyList<Guid> elders,
        CancellationToken ct
    )
    {
        var county = await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(
                "SELECT home_county FROM elders WHERE elder_id = ANY(@elders) ORDER BY elder_id LIMIT 1",
                new { elders = elders.ToArray() },
                cancellationToken: ct
            )
        );
        return county ?? throw new NotFoundException("Elder");
    }

    private sealed class ProviderRow
    {
        public Guid ProviderId { get; init; }

        public string Name { get; init; } = "";

        public string ProviderType { get; init; } = "";

        public string County { get; init; } = "";

        public string Address { get; init; } = "";

        public int CreditScore { get; init; }
    }

    private sealed class ItemRow
    {
        public Guid ProviderId { get; init; }

        public string ItemCode { get; init; } = "";

        public string Name { get; init; } = "";

        public string Unit { get; init; } = "";

        public long UnitPriceFen { get; init; }

        public int DiscountPercent { get; init; }
    }
}
