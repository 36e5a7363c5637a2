namespace LoveCard.Console.Api;

/// <summary>A consent given or withdrawn, the agent's data masked.</summary>
public sealed record ConsentRecord(
    Guid ConsentId,
    string Action,
    string GivenBy,
    ConsentAgent? Agent,
    string Channel,
    string? Place,
    DateTimeOffset ConsentedAt,
    string Operator,
    DateTimeOffset RecordedAt,
    long CardVersion
);
