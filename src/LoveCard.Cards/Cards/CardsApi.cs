using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Cards.Cards;

/// <summary>Cards: read, list, history and number look-up; the lifecycle a bureau manages is
/// <see cref="CardLifecycleApi"/> (DOMAIN.md §1, 动态管理).</summary>
public static class CardsApi
{
    public static RouteGroupBuilder MapCardsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cards")
            .WithTags("Cards")
            .RequirePeople()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group
            .MapGet("", ListCards)
            .WithSummary("List the cards of a county")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapGet("/{cardId:guid}", GetCard)
            .WithSummary("Read one card")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/{cardId:guid}/history", GetHistory)
            .WithSummary("Read a card's history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/numbers/{cardNumber}", GetNumber)
            .WithSummary("Look up a card number (current or replaced)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapCardLifecycle();
        return group;
    }

    public sealed record CardView(
        Guid CardId,
        Guid ElderId,
        string CardNumber,
        string Status,
        string? StatusReason,
        bool Eligible,
        int? Category,
        string HomeCounty,
        string VillageCode,
        string MaskedName,
        IReadOnlyList<string> Modules,
        bool FaceBound,
        long Version,
        DateTimeOffset ProvisionedAt,
        DateTimeOffset UpdatedAt
    )
    {
        public static CardView Of(Card c) =>
            new(
                c.CardId,
                c.ElderId,
                c.CardNumber,
                c.Status,
                c.StatusReason,
                c.Eligible,
                c.Category,
                c.HomeCounty,
                c.VillageCode,
                c.MaskedName,
                c.Modules,
                c.FaceIdHash is not null,
                c.Version,
                c.ProvisionedAt,
                c.UpdatedAt
            );
    }

    /// <summary>The listing's sort keys (ADR 0031): oldest provisioned first by default.</summary>
    public static readonly SortKeys Sorts = new(
        "provisionedAt",
        "card_id",
        ("provisionedAt", "provisioned_at"),
        ("updatedAt", "updated_at"),
        ("status", "status"),
        ("category", "category"),
        ("villageCode", "village_code"),
        ("cardNumber", "card_number")
    );

    /// <summary>
    /// A bureau's cards, by status, category and village, paged and sorted; <c>q</c> is a card number
    /// or a masked name. A bureau sees its own county only.
    /// </summary>
    public static async Task<Ok<Paged<CardView>>> ListCards(
        HttpContext http,
        CardStore store,
        CancellationToken ct,
        string? county = null,
        string? status = null,
        int? category = null,
        string? village = null,
        int page = 1,
        int pageSize = 50,
        string? sort = null,
        string? q = null
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Operator, Roles.Auditor);
        if (county is null && !caller.IsProvince)
        {
            county = caller.County;
        }

        if (county is not null)
        {
            caller.RequireCounty(county);
        }

        var errors = new ValidationErrors();
        if (
            status is not null
            && status
                is not (
                    CardStatuses.PendingConsent
                    or CardStatuses.Active
                    or CardStatuses.Suspended
                    or CardStatuses.Revoked
                )
        )
        {
            errors.Add("status", "invalid_status", "status is one of pending_consent, active, suspended, revoked.");
        }

        if (category is not null and not (1 or 2 or 3))
        {
            errors.Add("category", "invalid_category", "category is 1, 2 or 3.");
        }

        var paging = PageRequest.Of(page, pageSize, sort, q, Sorts, errors: errors);
        errors.ThrowIfAny();
        var (total, items) = await store.ListAsync(county, status, category, village, paging, ct);
        return TypedResults.Ok(Paged<CardView>.Of(paging, total, items.Select(CardView.Of).ToArray()));
    }

    public static async Task<Ok<CardView>> GetCard(Guid cardId, HttpContext http, CardStore store, CancellationToken ct)
    {
        var caller = http.Caller();
        var card = await store.FindAsync(cardId, ct) ?? throw new NotFoundException("Card");
        caller.RequireCanRead(card);
        return TypedResults.Ok(CardView.Of(card));
    }

    public sealed record HistoryView(
        Guid CardId,
        IReadOnlyList<CardStore.HistoryRow> Changes,
        IReadOnlyList<Consent.ConsentStore.ConsentView> Consents
    );

    /// <summary>Every status change and every consent of the card (DOMAIN.md §1: every consent is kept).</summary>
    public static async Task<Ok<HistoryView>> GetHistory(
        Guid cardId,
        HttpContext http,
        CardStore store,
        Consent.ConsentStore consents,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var card = await store.FindAsync(cardId, ct) ?? throw new NotFoundException("Card");
        caller.RequireCanRead(card);
        return TypedResults.Ok(
            new HistoryView(cardId, await store.HistoryAsync(cardId, ct), await consents.ListAsync(cardId, ct))
        );
    }

    /// <summary><c>current</c>, or <c>replaced</c> for a number blocked by a reissue; unknown numbers are
    /// 404.</summary>
    public sealed record NumberView(
        string CardNumber,
        Guid CardId,
        string State,
        string Source,
        DateTimeOffset IssuedAt,
        DateTimeOffset? ReplacedAt
    );

    /// <summary>What a card number is now: a bureau tells a replaced number from an unknown one.</summary>
    public static async Task<Ok<NumberView>> GetNumber(
        string cardNumber,
        HttpContext http,
        CardStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Operator, Roles.Auditor);
        var found = await store.FindNumberAsync(cardNumber.Trim().ToUpperInvariant(), ct);
        caller.RequireVisible(found is not null && caller.CoversCounty(found.HomeCounty), "Card number");
        return TypedResults.Ok(
            new NumberView(
                found!.CardNumber,
                found.CardId,
                found.ReplacedAt is null ? "current" : "replaced",
                found.Source,
                found.IssuedAt,
                found.ReplacedAt
            )
        );
    }
}
