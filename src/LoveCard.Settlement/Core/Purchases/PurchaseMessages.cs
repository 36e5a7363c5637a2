using System.ComponentModel.DataAnnotations;
namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

public sealed record CredentialBody([property: StringLength(32, ErrorMessage = "unknown_credential_type")] string? Type, [property: StringLength(4096, ErrorMessage = "required")] string? Value);

public sealed record LocationBody([property: Range(-90d, 90d, ErrorMessage = "invalid_location")] double? Lat, [property: Range(-180d, 180d, ErrorMessage = "invalid_location")] double? Lon);

public sealed record PurchaseRequest(
    CredentialBody? Credential,
    [property: StringLength(40, ErrorMessage = "unknown_item")] string? Item,
    [property: Range(1, 99, ErrorMessage = "quantity_out_of_range")] int? Quantity,
    Guid? OrderId,
    [property: Range(typeof(long), "0", "10000000000")] long? MaxFamilyFen,
    [property: StringLength(64)] string? CareWorkerId,
    LocationBody? Location,
    DateTimeOffset? OccurredAt);

public sealed record InquiryRequest(CredentialBody? Credential, [property: StringLength(40, ErrorMessage = "unknown_item")] string? Item, [property: Range(1, 99, ErrorMessage = "quantity_out_of_range")] int? Quantity);

public sealed record VoidRequest([property: StringLength(500)] string? Reason);

public sealed record RefundRequest([property: Range(typeof(long), "1", "10000000000")] long? AmountFen, [property: StringLength(500)] string? Reason);

public sealed record ElderView(string MaskedName, int? Category, string HomeCounty);

public sealed record SplitView(long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen);

public sealed record CapsView(long FiscalFen, long CollectiveFen, long CharityFen);

/// <summary>The answer to <c>POST /terminal/v1/purchases</c>, exactly the protocol's fields.</summary>
public sealed record PurchaseAnswer(
    Guid PurchaseId,
    string ReceiptNo,
    string Status,
    string? DeclineCode,
    ElderView? Elder,
    string Item,
    int Quantity,
    long? ListPriceFen,
    long? PriceFen,
    SplitView? Split,
    CapsView? RemainingCaps,
    DateTimeOffset OccurredAt,
    DateTimeOffset BookedAt);

/// <summary>A purchase as it now stands, with its voids and refunds (look-ups, and the void's answer).</summary>
public sealed record PurchaseView(
    Guid PurchaseId,
    string ReceiptNo,
    string Status,
    string? DeclineCode,
    ElderView? Elder,
    string Item,
    int Quantity,
    long? ListPriceFen,
    long? PriceFen,
    SplitView? Split,
    CapsView? RemainingCaps,
    DateTimeOffset OccurredAt,
    DateTimeOffset BookedAt,
    Guid? OrderId,
    long RefundableFen,
    IReadOnlyList<ReversalView> Reversals);

public sealed record ReversalView(Guid ReversalId, string Kind, long AmountFen, SplitView Split, string? Reason, DateTimeOffset BookedAt);

/// <summary>The answer to a refund: the refund with its split by source and what remains refundable.</summary>
public sealed record RefundAnswer(Guid RefundId, Guid PurchaseId, long AmountFen, SplitView Split, long RemainingRefundableFen, string? Reason, DateTimeOffset BookedAt);

/// <summary>What a purchase would get now; buys nothing and records nothing.</summary>
public sealed record InquiryAnswer(
    string Status,
    string? DeclineCode,
    ElderView? Elder,
    CapsView? RemainingCaps,
    string? Item,
    int? Quantity,
    long? ListPriceFen,
    long? PriceFen,
    SplitView? Split);

public sealed record CatalogItem(string Code, string Name, string Unit, long UnitPriceFen, int DiscountPercent, long PriceFen);

public sealed record CatalogAnswer(IReadOnlyList<CatalogItem> Items);

public static class PurchaseStatuses
{
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const string Voided = "voided";
}

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
