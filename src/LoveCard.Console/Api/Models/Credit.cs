namespace LoveCard.Console.Api;

/// <summary>A provider's credit: score, band, the county's suspension threshold and the events.</summary>
public sealed record Credit(
    Guid ProviderId,
    int CreditScore,
    string CreditBand,
    int SuspendBelow,
    string Status,
    Paged<CreditEvent> Events
);
