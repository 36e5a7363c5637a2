namespace LoveCard.Terminal.Cli;

/// <summary>Plain-language hints for the cashier, by the protocol's stable codes (TERMINAL-PROTOCOL.md).</summary>
internal static class Hints
{
    private static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        // Decline codes, in the protocol's order of checking.
        ["card_unknown"] = "This card number is not known. Check the number, or ask the elder for the QR code.",
        ["card_replaced"] = "This card was replaced by a new one; ask for the new card (or the QR code).",
        ["card_revoked"] = "This card has been revoked; it cannot be used any more.",
        ["qr_invalid"] = "The QR code is not a valid LoveCard code; ask the elder to show it again.",
        ["qr_expired"] = "The QR code has expired (codes last two minutes); ask the elder to refresh it.",
        ["qr_replayed"] = "This QR code was already used; ask the elder to refresh it.",
        ["face_unknown"] = "The face is not bound to any card; use the card or the QR code.",
        ["not_eligible"] = "The elder is not eligible for subsidised services at present.",
        ["card_pending_consent"] = "The card is waiting for the elder's consent; the county office can help.",
        ["card_suspended"] = "The card is suspended; the elder or family should contact the county office.",
        ["provider_not_whitelisted"] = "This provider is not on the whitelist; the purchase cannot be subsidised.",
        ["provider_suspended"] = "This provider is suspended; contact the civil-affairs bureau.",
        ["item_not_allowed"] = "This provider may not sell this item under the card; check the catalog.",
        ["price_above_standard"] =
            "The provider's price is above the county's price ceiling; the bureau must fix the price.",
        ["county_not_in_network"] = "The elder's home county is not in this county's network.",
        ["order_invalid"] = "The order is unknown, already fulfilled, expired, or for another elder or item.",
        ["family_share_exceeds_limit"] = "The family's share would be more than the limit the elder agreed to pay.",
        ["held_for_review"] =
            "The purchase was held for review by supervision; nothing was charged. A home service needs a valid visit "
            + "in some counties: check in and out, then name the visit (--visit).",

        // Home visits (version 1.1).
        ["care_worker_unknown"] =
            "The care worker is not registered with this provider, or the certificate has expired.",
        ["item_not_home_service"] = "This item is not a home service in this county; no visit is needed.",
        ["visit_not_open"] = "This visit was already checked out (or was refused at check-in); check in again.",
        ["outside_radius"] = "The terminal was too far from the elder's home at check-in or check-out.",
        ["too_short"] = "The visit was shorter than the county's minimum for this item.",
        ["no_home_location"] = "The county has no home location for this elder; the visit cannot be proven.",
        ["care_worker_inactive"] = "The care worker's certificate expired during the visit.",

        // Problems.
        ["signature_missing"] = "The request was not signed; is the terminal activated?",
        ["signature_invalid"] =
            "The signature did not verify: the key is wrong or outdated (re-activated elsewhere?). Re-activate with a "
            + "new code.",
        ["timestamp_skew"] =
            "The terminal's clock is more than 5 minutes off; run 'lovecard-terminal time' and fix the clock.",
        ["nonce_replayed"] = "A nonce was reused; send the request again.",
        ["terminal_unknown"] = "The server does not know this terminal or it was never activated.",
        ["terminal_disabled"] = "This terminal has been disabled; contact the provider's administrator.",
        ["rate_limited"] = "Too many requests; wait a moment and try again.",
        ["body_too_large"] = "The request is larger than 16 KiB.",
        ["idempotency_key_reused"] =
            "This Idempotency-Key was used for a different request; use a new key for a new purchase.",
        ["idempotency_key_missing"] = "The request needs an Idempotency-Key.",
        ["activation_code_used"] =
            "This activation code was already used (perhaps by an attempt whose answer was lost); re-register the "
            + "terminal for a new code.",
        ["activation_code_invalid"] = "The terminal id or activation code is wrong.",
        ["activation_code_expired"] =
            "The activation code has expired (24 h); re-register the terminal for a new code.",
        ["already_voided"] = "The purchase is already voided.",
        ["already_refunded"] = "The purchase has refunds; it cannot be voided any more: refund the rest instead.",
        ["void_window_closed"] = "Voids are only allowed on the day of the purchase; refund it instead.",
        ["refund_exceeds_remaining"] = "The refund is more than what remains refundable.",
        ["purchase_declined"] = "The purchase was declined, so there is nothing to void or refund.",
        ["database_unavailable"] = "The server cannot reach its database; try again shortly.",
    };

    public static string? For(string? code) => code is not null && ByCode.TryGetValue(code, out var hint) ? hint : null;
}
