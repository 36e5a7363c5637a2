using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Cards.Cards;

/// <summary>
/// A card's lifecycle as a bureau manages it (DOMAIN.md §1, 动态管理): suspend, resume, replace, revoke and the
/// benefit modules, on the cards group <see cref="CardsApi.MapCardsApi"/> made.
/// </summary>
public static class CardLifecycleApi
{
    public static RouteGroupBuilder MapCardLifecycle(this RouteGroupBuilder group)
    {
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

    public sealed record SuspendRequest(
        [property: StringLength(32, ErrorMessage = "invalid_reason")] string? Reason,
        [property: StringLength(500)] string? Note
    );

    public static async Task<Ok<CardsApi.CardView>> Suspend(
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

        var reason = body.Reason;
        return await ChangeAsync(
            cardId,
            caller,
            authorise,
            store,
            (card, tx, actor) =>
            {
                card.Suspend(reason);
                return Change("suspended", body.Note, Blank.Suspended, actor, reason, tx);
            },
            ct
        );
    }

    public sealed record NoteRequest([property: StringLength(500)] string? Note);

    public static async Task<Ok<CardsApi.CardView>> Resume(
        Guid cardId,
        NoteRequest? body,
        HttpContext http,
        CardStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        return await ChangeAsync(
            cardId,
            caller,
            caller.Manager(),
            store,
            (card, tx, actor) =>
            {
                var from = card.StatusReason;
                card.Resume();
                return Change("resumed", body?.Note, Blank.Resumed, actor, "resumed:" + from, tx);
            },
            ct
        );
    }

    /// <summary><paramref name="NewCardNumber"/>: the new social-security card's number when one was issued; else a
    /// number is generated.</summary>
    public sealed record ReplaceRequest(
        [property: StringLength(9, ErrorMessage = "invalid_card_number")] string? NewCardNumber,
        [property: StringLength(500)] string? Note
    );

    /// <summary>Reissue (补办): a new number, the old one blocked at once (it then declines
    /// <c>card_replaced</c>).</summary>
    public static async Task<Ok<CardsApi.CardView>> Replace(
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

        return await ChangeAsync(
            cardId,
            caller,
            authorise,
            store,
            async (card, tx, actor) =>
            {
                card.RequireNotRevoked();
                string number;
                if (requested is null)
                {
                    number = await CardStore.ClaimGeneratedNumberAsync(tx, card.CardId, ct);
                }
                else if (await CardStore.TryClaimNumberAsync(tx, card.CardId, requested, "social_security", ct))
                {
                    number = requested;
                }
                else
                {
                    throw new ConflictException(
                        "card_number_taken",
                        "That card number was issued before; numbers are never reused."
                    );
                }

                var previous = card.Replace(number);
                await CardStore.RetireNumberAsync(tx, previous, ct);
                return Change("replaced", body?.Note, Blank.Replaced(previous), actor, "replaced", tx);
            },
            ct
        );
    }

    public sealed record RevokeRequest(
        [property: StringLength(32, ErrorMessage = "invalid_reason")] string? Reason,
        [property: StringLength(500)] string? Note
    );

    public static async Task<Ok<CardsApi.CardView>> Revoke(
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

        var reason = body.Reason;
        return await ChangeAsync(
            cardId,
            caller,
            authorise,
            store,
            (card, tx, actor) =>
            {
                card.Revoke(reason);
                return Change("revoked", body.Note, Blank.Revoked, actor, reason, tx);
            },
            ct
        );
    }

    public sealed record ModulesRequest([property: MaxLength(3)] IReadOnlyList<string>? Modules);

    /// <summary>The benefit modules merged on the card (elder, preferential care, bus), published with the
    /// card.</summary>
    public static async Task<Ok<CardsApi.CardView>> SetModules(
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
        return await ChangeAsync(
            cardId,
            caller,
            authorise,
            store,
            (card, tx, actor) =>
            {
                card.RequireNotRevoked();
                card.Modules = modules;
                return Change("modules_changed", string.Join(',', modules), Blank.ModulesChanged, actor, "modules", tx);
            },
            ct
        );
    }

    /// <summary>
    /// One change by a manager of the card's county, after its request was checked: the card is locked,
    /// <paramref name="authorise"/> sees it (404 for another county's), the change is applied, and its history row
    /// and event are written in one transaction (<see cref="CardStore.ChangeAsync"/>).
    /// </summary>
    private static async Task<Ok<CardsApi.CardView>> ChangeAsync(
        Guid cardId,
        Caller caller,
        Action<Card> authorise,
        CardStore store,
        Func<Card, CardTransaction, Actor, Task<CardChange>> apply,
        CancellationToken ct
    )
    {
        var actor = caller.Actor();
        var card = await store.ChangeAsync(cardId, actor, authorise, (card, tx) => apply(card, tx, actor), ct);
        return TypedResults.Ok(CardsApi.CardView.Of(card));
    }

    /// <summary>The same, for a change that needs no awaiting.</summary>
    private static Task<Ok<CardsApi.CardView>> ChangeAsync(
        Guid cardId,
        Caller caller,
        Action<Card> authorise,
        CardStore store,
        Func<Card, CardTransaction, Actor, CardChange> apply,
        CancellationToken ct
    ) =>
        ChangeAsync(cardId, caller, authorise, store, (card, tx, actor) => Task.FromResult(apply(card, tx, actor)), ct);

    /// <summary>The change's history entry, and its event: <paramref name="blank"/> stamped with the changed card, the
    /// user and <paramref name="reason"/> at the transaction's time.</summary>
    private static CardChange Change(
        string change,
        string? detail,
        CardEvent blank,
        Actor actor,
        string reason,
        CardTransaction tx
    ) => new(change, detail, c => c.Describe(blank, actor, reason, tx.Now));
}
