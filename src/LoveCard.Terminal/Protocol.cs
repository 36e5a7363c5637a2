using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>How the elder identified themself: card number, QR code (付款码) or face id (刷脸).</summary>
public sealed record Credential(string Type, string Value)
{
    public static Credential Card(string cardNumber) => new("card", cardNumber);

    public static Credential Qr(string code) => new("qr", code);

    public static Credential Face(string faceId) => new("face", faceId);
}

public sealed record Location(double Lat, double Lon);

public sealed record ActivationRequest(string TerminalId, string ActivationCode);

public sealed record ActivationAnswer(string Key, int KeyVersion);

public sealed record TimeAnswer(DateTimeOffset ServerTime, long? UnixSeconds);

public sealed record PurchaseRequest(
    Credential Credential,
    string Item,
    int Quantity = 1,
    Guid? OrderId = null,
    long? MaxFamilyFen = null,
    string? CareWorkerId = null,
    Location? Location = null,
    DateTimeOffset? OccurredAt = null);

public sealed record InquiryRequest(Credential Credential, string? Item = null, int? Quantity = null);

public sealed record VoidRequest(string? Reason);

public sealed record RefundRequest(long AmountFen, string? Reason);

public sealed record ElderInfo(string MaskedName, int? Category, string? HomeCounty);

/// <summary>Who pays: the four lines always add up to the price (DOMAIN.md §3).</summary>
public sealed record Split(long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen)
{
    public long TotalFen => FiscalFen + CollectiveFen + CharityFen + FamilyFen;
}

/// <summary>What is left of the elder's monthly caps after this purchase.</summary>
public sealed record Caps(long FiscalFen, long CollectiveFen, long CharityFen);

/// <summary>The answer to <c>POST /terminal/v1/purchases</c>: approved or declined, both recorded.</summary>
public sealed record PurchaseAnswer(
    Guid PurchaseId,
    string ReceiptNo,
    string Status,
    string? DeclineCode,
    ElderInfo? Elder,
    string Item,
    int Quantity,
    long? ListPriceFen,
    long? PriceFen,
    Split? Split,
    Caps? RemainingCaps,
    DateTimeOffset OccurredAt,
    DateTimeOffset BookedAt)
{
    public bool Approved => Status == PurchaseStatuses.Approved;
}

/// <summary>A purchase as it now stands, with its voids and refunds (look-ups and the void's answer).</summary>
public sealed record PurchaseView(
    Guid PurchaseId,
    string ReceiptNo,
    string Status,
    string? DeclineCode,
    ElderInfo? Elder,
    string Item,
    int Quantity,
    long? ListPriceFen,
    long? PriceFen,
    Split? Split,
    Caps? RemainingCaps,
    DateTimeOffset OccurredAt,
    DateTimeOffset BookedAt,
    Guid? OrderId,
    long? RefundableFen,
    IReadOnlyList<Reversal>? Reversals);

/// <summary>A void or a refund of a purchase.</summary>
public sealed record Reversal(Guid ReversalId, string Kind, long AmountFen, Split? Split, string? Reason, DateTimeOffset BookedAt);

public sealed record RefundAnswer(Guid RefundId, Guid PurchaseId, long AmountFen, Split Split, long RemainingRefundableFen, string? Reason, DateTimeOffset BookedAt);

/// <summary>What a purchase would get now; an inquiry buys nothing and records nothing.</summary>
public sealed record InquiryAnswer(
    string Status,
    string? DeclineCode,
    ElderInfo? Elder,
    Caps? RemainingCaps,
    string? Item,
    int? Quantity,
    long? ListPriceFen,
    long? PriceFen,
    Split? Split);

/// <summary>One item the provider may sell: its price is the catalog's, never the terminal's.</summary>
public sealed record CatalogItem(string Code, string Name, string Unit, long UnitPriceFen, int DiscountPercent, long? PriceFen);

public sealed record CatalogAnswer(IReadOnlyList<CatalogItem> Items);

public sealed record Order(Guid OrderId, Guid? ElderId, string Item, int Quantity, string? Note, string? Channel, string Status, DateTimeOffset? PlacedAt, DateTimeOffset? ExpiresAt);

public sealed record OrderList(IReadOnlyList<Order> Items, long Total, int Page, int PageSize);

public sealed record SourceTotals(long Count, long AmountFen, long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen);

public sealed record ItemTotals(string Item, SourceTotals Approved, long DeclinedCount);

/// <summary>The terminal's day (Asia/Shanghai): counts and sums by item and by source.</summary>
public sealed record TotalsAnswer(DateOnly Date, string TerminalId, SourceTotals Approved, long DeclinedCount, SourceTotals Voided, SourceTotals Refunded, IReadOnlyList<ItemTotals> ByItem);

/// <summary>An RFC 9457 problem body; LoveCard adds a stable <c>code</c> and, for bad input, the <c>field</c>.</summary>
public sealed record Problem(string? Type, string? Title, int? Status, string? Detail, string? Code, string? Field);

public static class PurchaseStatuses
{
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const string Voided = "voided";
}

/// <summary>One set of JSON settings for every body the client sends and reads: camelCase, as the protocol says.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The exact bytes to send; serialise ONCE per logical request, so retries resend the same bytes.</summary>
    public static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, Options);

    public static T Deserialize<T>(byte[] body) =>
        JsonSerializer.Deserialize<T>(body, Options) ?? throw new JsonException($"The server answered an empty {typeof(T).Name}.");
}
