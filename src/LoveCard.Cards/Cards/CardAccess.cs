using LoveCard.Contracts;
using LoveCard.Hosting.Auth;

namespace LoveCard.Cards.Cards;

/// <summary>
/// Who may act on which card (ARCHITECTURE.md "Auth"): every endpoint checks the card, not just the
/// role. A card the caller may not see answers 404, so other counties' card ids cannot be probed.
/// </summary>
public static class CardAccess
{
    /// <summary>Read: the elder (own card), their agent, a bureau (or operator, auditor) of the card's county, the
    /// province.</summary>
    public static void RequireCanRead(this Caller caller, Card card) =>
        caller.RequireVisible(caller.CoversCounty(card.HomeCounty) || caller.ActsForElder(card.ElderId), "Card");

    /// <summary>Manage (lifecycle, modules, face): a bureau of the card's county or the province; 403 for other
    /// roles.</summary>
    public static Action<Card> Manager(this Caller caller)
    {
        caller.RequireRole(Roles.Bureau, Roles.Province);
        return card => caller.RequireVisible(caller.CoversCounty(card.HomeCounty), "Card");
    }

    /// <summary>The elder or their agent, or a bureau of the card's county (consent, QR codes).</summary>
    public static Action<Card> HolderOrBureau(this Caller caller)
    {
        caller.RequireRole(Roles.Elder, Roles.Agent, Roles.Bureau);
        return card =>
            caller.RequireVisible(
                caller.ActsForElder(card.ElderId)
                    || (caller.Role == Roles.Bureau && caller.CoversCounty(card.HomeCounty)),
                "Card"
            );
    }

    public static Actor Actor(this Caller caller) => new(ActorKinds.User, caller.Subject);
}
