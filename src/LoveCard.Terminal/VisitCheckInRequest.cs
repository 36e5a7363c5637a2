namespace LoveCard.Terminal;

/// <summary>
/// <c>POST /terminal/v1/visits</c> (protocol version 1.1): the care worker arrives at the elder's home. The
/// credential is the elder's; <see cref="CareWorkerId"/> is the id the whitelist gave the care worker.
/// </summary>
public sealed record VisitCheckInRequest(
    Credential Credential,
    string Item,
    string CareWorkerId,
    Location Location,
    DateTimeOffset? OccurredAt = null
);
