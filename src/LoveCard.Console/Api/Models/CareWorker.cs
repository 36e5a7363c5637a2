namespace LoveCard.Console.Api;

/// <summary>A certified care worker, name masked.</summary>
public sealed record CareWorker(
    Guid Id,
    Guid ProviderId,
    string County,
    string NameMasked,
    string CertificateNumber,
    string CertificateLevel,
    DateOnly ValidUntil,
    DateTimeOffset RegisteredAt
);
