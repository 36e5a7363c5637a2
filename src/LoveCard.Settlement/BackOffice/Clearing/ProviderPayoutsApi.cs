using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>
/// A provider's own payouts over every closed period, newest first (DOMAIN.md §8 "Providers read
/// their own"; ADR 0041): <c>GET /api/providers/{providerId}/payouts</c> with each period's netting
/// and payment, and the bureau's record of a payment, <c>PUT /api/clearing/{period}/payouts/{providerId}/payment</c>.
/// The same access as a provider's statement: the provider itself, the bureau and auditors of its
/// county, the province; any other caller 404. The older <c>GET /api/clearing/providers/{providerId}/payouts</c>
/// (stored amounts and status only) answers as before.
/// </summary>
public static class ProviderPayoutsApi
{
    public sealed class ProviderPayout
    {
        public string County { get; init; } = "";

        public string Period { get; init; } = "";

        public Guid ProviderId { get; init; }

        public long FiscalFen { get; init; }

        public long CollectiveFen { get; init; }

        public long CharityFen { get; init; }

        public long AmountFen { get; init; }

        public string Status { get; init; } = "";

        public string? StatusNote { get; init; }

        public string? StatusBy { get; init; }

        public DateTimeOffset? StatusAt { get; init; }
    }

    public sealed record ProviderPayoutPage(IReadOnlyList<ProviderPayout> Items, long Total, int Page, int PageSize);

    public static WebApplication MapProviderPayoutsApi(this WebApplication app)
    {
        MapProviderRead(app, "/api/clearing/providers/{providerId:guid}/payouts", List)
            .WithSummary("List a provider's payouts over the closed periods");
        MapProviderRead(app, "/api/providers/{providerId:guid}/payouts", ListWithNetting)
            .WithSummary("List a provider's payouts with their netting and payment");
        app.MapPut("/api/clearing/{period}/payouts/{providerId:guid}/payment", RecordPayment)
            .RequirePeople()
            .WithTags("Clearing")
            .WithRequestLimits()
            .WithSummary("Record that a payout was paid, with the bank reference and the day")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>A read of one provider's payouts: people only, 404 for a provider the caller may not see.</summary>
    private static RouteHandlerBuilder MapProviderRead(WebApplication app, string pattern, Delegate handler) =>
        app.MapGet(pattern, handler)
            .RequirePeople()
            .WithTags("Clearing")
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The provider itself, the bureau and auditors of its county, the province; any other caller
    /// 404.</summary>
    private static async Task RequireProviderAsync(
        HttpContext context,
        NpgsqlDataSource dataSource,
        Guid providerId,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        BackOfficeAccess.RequireProvider(
            context.Caller(),
            providerId,
            await BackOfficeAccess.ProviderCountyAsync(connection, providerId, ct)
        );
    }

    /// <summary>Each closed period's payout to the provider, with its netting and its payment.</summary>
    public static async Task<Ok<Paged<ProviderPayoutView>>> ListWithNetting(
        Guid providerId,
        int? page,
        int? pageSize,
        HttpContext context,
        NpgsqlDataSource dataSource,
        PayoutPayments payments,
        CancellationToken ct
    )
    {
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        await RequireProviderAsync(context, dataSource, providerId, ct);

        return TypedResults.Ok(await payments.ListAsync(providerId, paging, ct));
    }

    /// <summary>The bureau (or the province) of the paying county records the payment; the same again answers 200
    /// unchanged.</summary>
    public static async Task<Ok<ProviderPayoutView>> RecordPayment(
        string period,
        Guid providerId,
        string? county,
        PayoutPaymentRequest request,
        HttpContext context,
        PayoutPayments payments,
        CancellationToken ct
    )
    {
        var window = StatementPeriod.Month(period, "period");
        if (string.IsNullOrWhiteSpace(county))
        {
            throw new BadInputException("county", "required", "county is required.");
        }

        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        return TypedResults.Ok(await payments.RecordAsync(caller, county, window, providerId, request, ct));
    }

    public static async Task<Ok<ProviderPayoutPage>> List(
        Guid providerId,
        int? page,
        int? pageSize,
        HttpContext context,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        var paging = PageRequest.Of(page, pageSize, PageLimits.Settlement);
        await RequireProviderAsync(context, dataSource, providerId, ct);

        const string sql = """
            SELECT count(*) FROM clearing_payouts WHERE provider_id = @providerId;
            SELECT county, period, provider_id, fiscal_fen, collective_fen, charity_fen, amount_fen, status,
                   status_note, status_by, status_at
              FROM clearing_payouts WHERE provider_id = @providerId
             ORDER BY period DESC, county OFFSET @Offset LIMIT @PageSize;
            """;
        var (total, items) = await dataSource.QueryPageAsync<ProviderPayout>(
            new CommandDefinition(
                sql,
                new
                {
                    providerId,
                    paging.Offset,
                    paging.PageSize,
                },
                cancellationToken: ct
            )
        );
        return TypedResults.Ok(new ProviderPayoutPage(items, total, paging.Page, paging.PageSize));
    }
}
