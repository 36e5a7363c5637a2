using System.Text.Json;
using System.Text.Json.Serialization;
using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Compile-time JSON for the purchase's hot path (ADR 0049): the terminal's request and answer bodies, read and
/// written through the HTTP options (<see cref="CoreModule"/> puts this first in their resolver chain), and the
/// <see cref="PurchaseSettled"/> each approved purchase writes to the outbox. The web defaults (camelCase) of both
/// the HTTP options and the outbox, so the same names and values as reflection wrote, without reflection per request.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PurchaseRequest))]
[JsonSerializable(typeof(PurchaseAnswer))]
[JsonSerializable(typeof(InquiryRequest))]
[JsonSerializable(typeof(InquiryAnswer))]
[JsonSerializable(typeof(PurchaseSettled))]
public sealed partial class PurchaseJson : JsonSerializerContext;
