namespace LoveCard.Terminal;

/// <summary><c>POST /terminal/v1/visits/{visitId}/check-out</c> (protocol version 1.1): the care worker
/// leaves.</summary>
public sealed record VisitCheckOutRequest(Location Location, DateTimeOffset? OccurredAt = null);
