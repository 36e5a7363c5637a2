namespace LoveCard.Console.Api;

/// <summary>A provider as the whitelist service answers it (contacts masked for readers who only read).</summary>
public sealed record Provider(
    Guid Id,
    string UnifiedCode,
    string Name,
    string ProviderType,
    string County,
    string Address,
    string ContactName,
    string ContactPhone,
    string AdmissionRoute,
    DateOnly ContractStart,
    DateOnly ContractEnd,
    string Status,
    int CreditScore,
    string CreditBand,
    bool LegacyCodeOverride,
    string? LegacyCodeReason,
    long Version,
    string? Township = null
);
