using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Cards.Cards;

/// <summary>Cards: read, list, history and the lifecycle a bureau manages (DOMAIN.md §1, 动态管理).</summary>
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
        group
            .MapPost("/{cardId:guid}/suspend", Suspend)
            .WithSummary("Suspend a card")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapPost("/{cardId:guid}/resume", Resume)
            .WithSummary("Resume a suspended card")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapPost("/{cardId:guid}/replace", Replace)
            .WithSummary("Reissue a card under a new number (补办)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapPost("/{cardId:guid}/revoke", Revoke)
            .WithSummary("Revoke a card for good")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapPut("/{cardId:guid}/modules", SetModules)
            .WithSummary("Set the benefit modules on a card")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
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

    public sealed record SuspendRequest(
        [property: StringLength(32, ErrorMessage = "invalid_reason")] string? Reason,
        [property: StringLength(500)] string? Note
    );

    public static async Task<Ok<CardView>> Suspend(
        Guid cardId,
        SuspendRequest body,
        HttpContext http,
        CardStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.Manager();
        if (body.Reason is null || !SuspensionReasons.ByBureau.Contains(body.Reason))
        {
            throw new BadInputException(
                "reason",
                "invalid_reason",
                "reason is one of lost, dispute, moved_away, other."
            );
        }

        var actor = caller.Actor();
        var card = await store.ChangeAsync(
            cardId,
            actor,
            authorise,
            (card, tx) =>
            {
                card.Suspend(body.Reason);
                return Task.FromResult(
                    new CardChange("suspended", body.Note, c => c.Describe(Blank.Suspended, actor, body.Reason, tx.Now))
                );
            },
            ct
        );
        return TypedResults.Ok(CardView.Of(card));
    }

    public sealed record NoteRequest([property: StringLength(500)] string? Note);

    public static async Task<Ok<CardView>> Resume(
        Guid cardId,
        NoteRequest? body,
        HttpContext http,
        CardStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.Manager();
        var actor = caller.Actor();
        var card = await store.ChangeAsync(
            cardId,
            actor,
            authorise,
            (card, tx) =>
            {
                var from = card.StatusReason;
                card.Resume();
                return Task.FromResult(
                    new CardChange("resumed", body?.Note, c =>
                        c.Describe(Blank.Resumed, actor, "resumed:" + from, tx.Now)
                    )
                );
            },
            ct
        );
        return TypedResults.Ok(CardView.Of(card));
    }

    /// <summary><paramref name="NewCardNumber"/>: the new social-security card's number when one was issued; else a
    /// number is generated.</summary>
    public sealed record ReplaceRequest(
        [property: StringLength(9, ErrorMessage = "invalid_card_number")] string? NewCardNumber,
        [property: StringLength(500)] string? Note
    );

    /// <summary>Reissue (补办): a new number, the old one blocked at once (it then declines
    /// <c>card_replaced</c>).</summary>
    public static async Task<Ok<CardView>> Replace(
        Guid cardId,
        ReplaceRequest? body,
        HttpContext http,
        CardStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.Manager();
        var requested = body?.NewCardNumber?.Trim().ToUpperInvariant();
        if (requested is not null && !CardNumbers.IsWellFormed(requested))
        {
            throw new BadInputException(
                "newCardNumber",
                "invalid_card_number",
                "A card number is 9 upper-case letters or digits."
            );
        }

        var actor = caller.Actor();
        var card = await store.ChangeAsync(
            cardId,
            actor,
            authorise,
            async (card, tx) =>
            {
                card.RequireNotRevoked();
                string number;
                if (requested is not null)
                {
                    number = await CardStore.TryClaimNumberAsync(tx, card.CardId, requested, "social_security", ct)
                        ? requested
                        : throw new ConflictException(
                            "card_number_taken",
                            "That card number was issued before; numbers are never reused."
                        );
                }
                else
                {
                    number = await CardStore.ClaimGeneratedNumberAsync(tx, card.CardId, ct);
                }

                var previous = card.Replace(number);
                await CardStore.RetireNumberAsync(tx, previous, ct);
                return new CardChange("replaced", body?.Note, c =>
                    c.Describe(Blank.Replaced(previous), actor, "replaced", tx.Now)
                );
            },
            ct
        );
        return TypedResults.Ok(CardView.Of(card));
    }

    public sealed record RevokeRequest(
        [property: StringLength(32, ErrorMessage = "invalid_reason")] string? Reason,
        [property: StringLength(500)] string? Note
    );

    public static async Task<Ok<CardView>> Revoke(
        Guid cardId,
        RevokeRequest body,
        HttpContext http,
        CardStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.Manager();
        if (body.Reason is null || !SuspensionReasons.Revocation.Contains(body.Reason))
        {
            throw new BadInputException("reason", "invalid_reason", "reason is death or left_programme.");
        }

        var actor = caller.Actor();
        var card = await store.ChangeAsync(
            cardId,
            actor,
            authorise,
            (card, tx) =>
            {
                card.Revoke(body.Reason);
                return Task.FromResult(
                    new CardChange("revoked", body.Note, c => c.Describe(Blank.Revoked, actor, body.Reason, tx.Now))
                );
            },
            ct
        );
        return TypedResults.Ok(CardView.Of(card));
    }

    public sealed record ModulesRequest([property: MaxLength(3)] IReadOnlyList<string>? Modules);

    /// <summary>The benefit modules merged on the card (elder, preferential care, bus), published with the
    /// card.</summary>
    public static async Task<Ok<CardView>> SetModules(
        Guid cardId,
        ModulesRequest body,
        HttpContext http,
        CardStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.Manager();
        if (body.Modules is null || body.Modules.Any(m => !CardModules.All.Contains(m)))
        {
            throw new BadInputException(
                "modules",
                "invalid_module",
                "modules is a list of elder, preferential_care, bus."
            );
        }

        var modules = CardModules.All.Where(body.Modules.Contains).ToArray();
        var actor = caller.Actor();
        var card = await store.ChangeAsync(
            cardId,
            actor,
            authorise,
            (card, tx) =>
            {
                card.RequireNotRevoked();
                card.Modules = modules;
                return Task.FromResult(
                    new CardChange("modules_changed", string.Join(',', modules), c =>
                        c.Describe(Blank.ModulesChanged, actor, "modules", tx.Now)
                    )
                );
            },
            ct
        );
        return TypedResults.Ok(CardView.Of(card));
    }
}
