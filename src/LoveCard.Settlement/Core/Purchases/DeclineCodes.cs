using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

/// <summary>The decline codes, in the protocol's order of checking.</summary>
public static class DeclineCodes
{
    public const string CardUnknown = "card_unknown";
    public const string CardReplaced = "card_replaced";
    public const string CardRevoked = "card_revoked";
    public const string QrInvalid = "qr_invalid";
    public const string QrExpired = "qr_expired";
    public const string QrReplayed = "qr_replayed";
    public const string FaceUnknown = "face_unknown";
    public const string NotEligible = "not_eligible";
    public const string CardPendingConsent = "card_pending_consent";
    public const string CardSuspended = "card_suspended";
    public const string ProviderNotWhitelisted = "provider_not_whitelisted";
    public const string ProviderSuspended = "provider_suspended";
    public const string ItemNotAllowed = "item_not_allowed";
    public const string PriceAboveStandard = "price_above_standard";
    public const string CountyNotInNetwork = "county_not_in_network";
    public const string OrderInvalid = "order_invalid";
    public const string FamilyShareExceedsLimit = "family_share_exceeds_limit";
    public const string HeldForReview = "held_for_review";
}
