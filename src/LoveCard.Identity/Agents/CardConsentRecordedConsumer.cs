using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Messaging;
using LoveCard.Identity.Accounts;

namespace LoveCard.Identity.Agents;

/// <summary>
/// Links a family agent to the elder when the cards service records the agent's consent; a
/// withdrawal ends the withdrawing agent's link, or every agent's when the elder withdraws.
/// The "card-consent" stream skips a consent older than one already applied for the card.
/// </summary>
public sealed class CardConsentRecordedConsumer(IServiceProvider services, AgentLinks links)
    : InboxConsumer<CardConsentRecorded>(services)
{
    protected override string? VersionStream => "card-consent";

    protected override async Task HandleAsync(CardConsentRecorded message, ConsumeScope scope, CancellationToken ct)
    {
        var context = new AccountChangeContext(
            message.Actor,
            $"consent {message.ConsentId} {message.Action} ({message.Reason})",
            null
        );
        var events = message switch
        {
            { Action: "given", GivenBy: "agent", AgentPhoneHash: { } hash } => await links.LinkAsync(
                scope.Connection,
                scope.Transaction,
                hash,
                message.AgentPhoneMasked,
                new AgentLinks.Link(
                    message.ElderId,
                    message.CardId,
                    message.HomeCounty,
                    message.ConsentId,
                    message.AgentRelation
                ),
                context,
                ct
            ),
            { Action: "withdrawn" } => await links.UnlinkAsync(
                scope.Connection,
                scope.Transaction,
                message.ElderId,
                message.GivenBy == "agent" ? message.AgentPhoneHash : null,
                context,
                ct
            ),
            _ => [],
        };
        foreach (var evt in events)
        {
            await scope.PublishAsync(evt, ct);
        }
    }
}
