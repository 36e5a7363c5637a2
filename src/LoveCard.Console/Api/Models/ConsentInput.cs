namespace LoveCard.Console.Api;

/// <summary>A consent as the bureau records it at the counter (offline assisted) or for an online one.</summary>
public sealed record ConsentInput(
    string GivenBy,
    AgentInput? Agent,
    string Channel,
    string? Place,
    DateTimeOffset? ConsentedAt
);
