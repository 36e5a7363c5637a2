using System.Text.Json;
using System.Text.Json.Serialization;
using LoveCard.Contracts.Eligibility;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// Compile-time JSON for the events a roster import writes by the million (packed, ADR 0051), with the same web
/// defaults (camelCase) as the platform's <c>Outbox</c>: the same body, without reflection per event
/// (docs/benchmarks.md R5, the serialize phase).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ElderRegistered))]
[JsonSerializable(typeof(ElderClassified))]
[JsonSerializable(typeof(EldersImported))]
internal sealed partial class EventJson : JsonSerializerContext;
