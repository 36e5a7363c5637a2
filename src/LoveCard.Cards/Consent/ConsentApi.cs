using System.ComponentModel.DataAnnotations;
using LoveCard.Cards.Cards;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Cards.Consent;

/// <summary>
/// Consent (DOMAIN.md §1): a card becomes usable once the elder, or an agent (代办人) acting for the
/// elder, consents online or assisted offline at a designated place. Consent can be withdrawn,
/// which suspends the card. Every consent is kept, with who, as what relation, how, where and when.
/// </summary>
public static class ConsentApi
{
    public static RouteGroupBuilder MapConsentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cards/{cardId:guid}/consent")
            .WithTags("Consent")
            .RequirePeople()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("", GiveConsent).WithSummary("Record the elder's or agent's consent to the card");
        group.MapPost("/withdraw", WithdrawConsent).WithSummary("Withdraw consent");
        return group;
    }

    public sealed record AgentRequest(
        [property: StringLength(50, ErrorMessage = "invalid_name")] string? Name,
        [property: StringLength(18, ErrorMessage = "invalid_id_number")] string? IdNumber,
        [property: StringLength(30, ErrorMessage = "invalid_relation")] string? Relation,
        [property: StringLength(20, ErrorMessage = "invalid_phone")] string? Phone
    );

    /// <summary>
    /// <paramref name="GivenBy"/>: <c>elder</c> or <c>agent</c> (then <paramref name="Agent"/> is required);
    /// <paramref name="Channel"/>: <c>online</c> or <c>offline_assisted</c> (then <paramref name="Place"/> is
    /// required);
    /// <paramref name="ConsentedAt"/>: when it was given, default now. The operator is the caller.
    /// </summary>
    public sealed record ConsentRequest(
        [property: StringLength(32, ErrorMessage = "invalid_given_by")] string? GivenBy,
        AgentRequest? Agent,
        [property: StringLength(32, ErrorMessage = "invalid_channel")] string? Channel,
        [property: StringLength(200)] string? Place,
        DateTimeOffset? ConsentedAt
    );

    public sealed record ConsentResult(CardsApi.CardView Card, ConsentStore.ConsentView Consent);

    public static Task<Ok<ConsentResult>> GiveConsent(
        Guid cardId,
        ConsentRequest body,
        HttpContext http,
        CardStore store,
        PersonalDataProtector protector,
        TimeProvider time,
        CancellationToken ct
    ) => RecordAsync(cardId, body, "given", http, store, protector, time, ct);

    public static Task<Ok<ConsentResult>> WithdrawConsent(
        Guid cardId,
        ConsentRequest body,
        HttpContext http,
        CardStore store,
        PersonalDataProtector protector,
        TimeProvider time,
        CancellationToken ct
    ) => RecordAsync(cardId, body, "withdrawn", http, store, protector, time, ct);

    private static async Task<Ok<ConsentResult>> RecordAsync(
        Guid cardId,
        ConsentRequest body,
        string action,
        HttpContext http,
        CardStore store,
        PersonalDataProtector protector,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.HolderOrBureau();
        var now = time.GetUtcNow();
        var input = Validate(body, caller, now);
        var actor = caller.Actor();
        ConsentStore.ConsentRecord? record = null;
        var card = await store.ChangeAsync(
            cardId,
            actor,
            authorise,
            async (card, tx) =>
            {
                if (action == "given")
                {
                    card.Activate();
                }
                else
                {
                    card.WithdrawConsent();
                }

                record = new ConsentStore.ConsentRecord(
                    Guid.CreateVersion7(tx.Now),
                    card.CardId,
                    action,
                    input.GivenBy,
                    input.Agent is { } a ? protector.Encrypt(a.Name) : null,
                    input.Agent is { } b ? PersonalDataProtector.MaskName(b.Name) : null,
                    input.Agent is { } c ? protector.Encrypt(c.IdNumber) : null,
                    input.Agent is { } d ? protector.Hash(d.IdNumber) : null,
                    input.Agent is { } e ? PersonalDataProtector.MaskIdNumber(e.IdNumber) : null,
                    input.Agent?.Relation,
                    input.Agent?.Phone is { } phone ? protector.Encrypt(phone) : null,
                    input.Agent?.Phone is { } phone2 ? PersonalDataProtector.MaskPhone(phone2) : null,
                    input.Channel,
                    input.Place,
                    input.ConsentedAt,
                    caller.Subject,
                    tx.Now,
                    card.Version + 1
                );
                await ConsentStore.InsertAsync(tx.Connection, tx.Transaction, record, ct);
                // Identity links a family agent to the elder from this event (by the phone's keyed hash).
                await Outbox.AddAsync(
                    tx.Connection,
                    tx.Transaction,
                    new CardConsentRecorded
                    {
                        AggregateId = card.CardId.ToString(),
                        AggregateVersion = card.Version + 1,
                        Actor = actor,
                        Reason = action == "given" ? $"consent:{input.GivenBy}:{input.Channel}" : "consent_withdrawn",
                        OccurredAt = tx.Now,
                        CardId = card.CardId,
                        ElderId = card.ElderId,
                        HomeCounty = card.HomeCounty,
                        ConsentId = record.ConsentId,
                        Action = action,
                        GivenBy = input.GivenBy,
                        AgentPhoneHash = PhoneNumbers.Normalise(input.Agent?.Phone) is { } normalised
                            ? protector.Hash(normalised)
                            : null,
                        AgentPhoneMasked = record.AgentPhoneMasked,
                        AgentRelation = input.Agent?.Relation,
                    },
                    ct
                );
                var reason = action == "given" ? $"consent:{input.GivenBy}:{input.Channel}" : "consent_withdrawn";
                return action == "given"
                    ? new CardChange("activated", $"consent {record.ConsentId}", c =>
                        c.Describe(Blank.Activated, actor, reason, tx.Now)
                    )
                    : new CardChange("suspended", $"consent {record.ConsentId} withdrawn", c =>
                        c.Describe(Blank.Suspended, actor, reason, tx.Now)
                    );
            },
            ct
        );

        var r = record!;
        var view = new ConsentStore.ConsentView(
            r.ConsentId,
            r.Action,
            r.GivenBy,
            r.GivenBy == "agent"
                ? new ConsentStore.AgentView(
                    r.AgentNameMasked!,
                    r.AgentIdNumberMasked!,
                    r.AgentRelation!,
                    r.AgentPhoneMasked
                )
                : null,
            r.Channel,
            r.Place,
            r.ConsentedAt,
            r.Operator,
            r.RecordedAt,
            r.CardVersion
        );
        return TypedResults.Ok(new ConsentResult(CardsApi.CardView.Of(card), view));
    }

    private sealed record Agent(string Name, string IdNumber, string Relation, string? Phone);

    private sealed record ValidConsent(
        string GivenBy,
        Agent? Agent,
        string Channel,
        string? Place,
        DateTimeOffset ConsentedAt
    );

    private static ValidConsent Validate(ConsentRequest body, Caller caller, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (body.GivenBy is not ("elder" or "agent"))
        {
            errors.Add("givenBy", "invalid_given_by", "givenBy is elder or agent.");
        }
        else if (
            (caller.Role == Roles.Elder && body.GivenBy != "elder")
            || (caller.Role == Roles.Agent && body.GivenBy != "agent")
        )
        {
            errors.Add("givenBy", "given_by_mismatch", "An elder consents as elder, an agent as agent.");
        }

        if (body.Channel is not ("online" or "offline_assisted"))
        {
            errors.Add("channel", "invalid_channel", "channel is online or offline_assisted.");
        }
        else if (body.Channel == "offline_assisted" && string.IsNullOrWhiteSpace(body.Place))
        {
            errors.Add(
                "place",
                "place_required",
                "An assisted offline consent names the designated place where it was given."
            );
        }

        if (body.Place is { Length: > 200 })
        {
            errors.Add("place", "too_long", "place is at most 200 characters.");
        }

        var consentedAt = body.ConsentedAt ?? now;
        if (consentedAt > now.AddMinutes(5))
        {
            errors.Add("consentedAt", "in_future", "consentedAt cannot be in the future.");
        }

        Agent? agent = null;
        if (body.GivenBy == "agent")
        {
            var a = body.Agent;
            if (a is null)
            {
                errors.Add(
                    "agent",
                    "agent_required",
                    "An agent's consent names the agent: name, idNumber, relation, phone."
                );
            }
            else
            {
                var id = ResidentIds.Normalise(a.IdNumber);
                if (string.IsNullOrWhiteSpace(a.Name) || a.Name.Trim().Length > 50)
                {
                    errors.Add("agent.name", "invalid_name", "The agent's name is 1 to 50 characters.");
                }

                if (id is null)
                {
                    errors.Add(
                        "agent.idNumber",
                        "invalid_id_number",
                        "The agent's ID number is an 18-character resident ID with a valid check character."
                    );
                }

                if (string.IsNullOrWhiteSpace(a.Relation) || a.Relation.Trim().Length > 30)
                {
                    errors.Add(
                        "agent.relation",
                        "invalid_relation",
                        "The agent's relation to the elder is 1 to 30 characters (e.g. son, daughter, spouse, "
                            + "guardian)."
                    );
                }

                var phone = a.Phone?.Trim();
                if (
                    string.IsNullOrEmpty(phone)
                    || phone.Length is < 5 or > 20
                    || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '-')
                )
                {
                    errors.Add("agent.phone", "invalid_phone", "The agent's phone is 5 to 20 digits.");
                }

                if (
                    id is not null
                    && !string.IsNullOrWhiteSpace(a.Name)
                    && !string.IsNullOrWhiteSpace(a.Relation)
                    && phone is not null
                )
                {
                    agent = new Agent(a.Name.Trim(), id, a.Relation.Trim(), phone);
                }
            }
        }

        errors.ThrowIfAny();
        return new ValidConsent(body.GivenBy!, agent, body.Channel!, body.Place?.Trim(), consentedAt.ToUniversalTime());
    }
}
